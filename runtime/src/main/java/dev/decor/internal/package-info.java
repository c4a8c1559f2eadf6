/**
 * Not API. For generated code and the aspects only. May change in any release.
 *
 * <p>The decorator engine: {@link dev.decor.internal.Chains} builds a
 * {@link dev.decor.internal.Chain} per method from validated specs
 * ({@link dev.decor.internal.TimedSpec}, {@link dev.decor.internal.CachedSpec},
 * {@link dev.decor.internal.RetrySpec}, {@link dev.decor.internal.GradSpec}); both front ends
 * call it. Diagnostics live in {@link dev.decor.internal.Messages}.
 */
package dev.decor.internal;
