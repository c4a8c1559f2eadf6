/**
 * Python's itertools and collections patterns as lazy Java iterators and streams.
 *
 * <p>Part of decor's sample app; not API.
 */
package dev.decor.examples.stream;
