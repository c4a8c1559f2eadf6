/**
 * The synthetic shapes dataset: a Java2D generator and a lazy, streaming image folder.
 *
 * <p>Part of decor's sample app; not API.
 */
package dev.decor.examples.data;
