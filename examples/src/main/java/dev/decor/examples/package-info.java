/**
 * decor's sample app: the main job ({@link dev.decor.examples.Main}) that generates data, trains a DJL/PyTorch CNN, evaluates it and streams predictions through decorated services against a flaky object store.
 *
 * <p>Part of decor's sample app; not API.
 */
package dev.decor.examples;
