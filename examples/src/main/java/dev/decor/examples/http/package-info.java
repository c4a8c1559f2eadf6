/**
 * A small JDK HTTP server on loopback, shared by the object store and the prediction API.
 *
 * <p>Part of decor's sample app; not API.
 */
package dev.decor.examples.http;
