/**
 * Not API. For generated code and the aspects only. May change in any release.
 *
 * <p>The decorator engine: {@link dev.decor.engine.Chains} builds a
 * {@link dev.decor.engine.Chain} per method from validated specs
 * ({@link dev.decor.spec.TimedSpec}, {@link dev.decor.spec.CachedSpec},
 * {@link dev.decor.spec.RetrySpec}, {@link dev.decor.spec.GradSpec}); both front ends
 * call it. Diagnostics live in {@link dev.decor.spec.Messages}.
 */
package dev.decor.engine;
