/**
 * Grad-mode scopes — PyTorch's {@code no_grad}, {@code enable_grad}, {@code set_grad_enabled}
 * and {@code inference_mode} as try-with-resources — and their block forms, which also work on
 * virtual threads; {@link dev.decor.grad.GradRegion}, an allocation-free region for code that
 * runs the body itself; {@link dev.decor.grad.GradContext} for async hand-over;
 * {@link dev.decor.grad.Trainable} and the {@link dev.decor.grad.GradBackend} SPI. API.
 *
 * <p>The implementation sits next to the facade, package-private: the per-thread grad state and
 * its backends, the scopes, decor's model threads for virtual threads, and the per-model counts
 * of open inference regions. decor's engine reaches it only through this package's public API,
 * and composes its {@code @NoGrad}/{@code @InferenceMode} stage, {@code GradDecorator}
 * (engine-facing, not for application code).
 */
package dev.decor.grad;
