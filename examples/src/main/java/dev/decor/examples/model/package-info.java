/**
 * The model side: the {@code Backbone} protocol, a DJL CNN, the training loop and the evaluator.
 *
 * <p>Part of decor's sample app; not API.
 */
package dev.decor.examples.model;
