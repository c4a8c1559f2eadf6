/**
 * A flaky HTTP object store and its retrying client.
 *
 * <p>Part of decor's sample app; not API.
 */
package dev.decor.examples.store;
