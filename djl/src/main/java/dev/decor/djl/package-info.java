/**
 * Not API: the {@link dev.decor.grad.GradBackend} that mirrors decor's grad mode into libtorch
 * through DJL's PyTorch engine. On the class path it is found by {@code ServiceLoader}; there is
 * nothing to call.
 */
package dev.decor.djl;
