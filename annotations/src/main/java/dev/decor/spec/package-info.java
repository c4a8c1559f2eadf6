/**
 * API for tools and front ends: one {@link dev.decor.spec.Description} per decor annotation —
 * its attributes, defaults, value rules and {@code [decor/…]} {@link dev.decor.spec.Messages} —
 * and the validated specs it builds ({@link dev.decor.spec.TimedSpec},
 * {@link dev.decor.spec.CachedSpec}, {@link dev.decor.spec.BatchedSpec},
 * {@link dev.decor.spec.RetrySpec}, {@link dev.decor.spec.GradSpec}) in the fixed
 * {@link dev.decor.spec.Order}. The processor, the woven reader and {@code Decorators} all read
 * these, so both modes say the same words. No dependencies.
 */
package dev.decor.spec;
