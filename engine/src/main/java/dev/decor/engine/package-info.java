/**
 * API: the user's entry points to decor's engine.
 *
 * <ul>
 *   <li>{@link dev.decor.engine.Decor} — an engine as an object (its registries, clock, retry
 *       waits, MeterRegistry), and the global one annotated methods run on;
 *   <li>{@link dev.decor.engine.Decorators} — decor without annotations, for lambdas and code you
 *       don't own.
 * </ul>
 *
 * <p>Each decorator family is a wing of its own, with its user-facing types there:
 * {@code dev.decor.timing} ({@code Timings}), {@code dev.decor.cache} ({@code Caches},
 * {@code SharedTier}), {@code dev.decor.retry} ({@code Retries}), {@code dev.decor.batch}
 * ({@code Batcher}), {@code dev.decor.grad} ({@code GradMode}). What generated wrappers and the
 * aspect call is in {@code dev.decor.engine.internal} and {@code dev.decor.kernel}, not API.
 * ARCHITECTURE.md draws the layers: this package → {@code internal} (the assembly) → the wings →
 * the kernel.
 */
package dev.decor.engine;
