/**
 * Grad-mode scopes — PyTorch's {@code no_grad}, {@code enable_grad}, {@code set_grad_enabled}
 * and {@code inference_mode} as try-with-resources — plus {@link dev.decor.grad.Trainable} and
 * the {@link dev.decor.grad.GradBackend} SPI. API.
 */
package dev.decor.grad;
