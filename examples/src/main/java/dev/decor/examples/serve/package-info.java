/**
 * The inference service, its HTTP API and its Prometheus metrics.
 *
 * <p>Part of decor's sample app; not API.
 */
package dev.decor.examples.serve;
