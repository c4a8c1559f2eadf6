/**
 * API: the validated settings of each decorator ({@link dev.decor.spec.TimedSpec},
 * {@link dev.decor.spec.CachedSpec}, {@link dev.decor.spec.BatchedSpec},
 * {@link dev.decor.spec.RetrySpec}, {@link dev.decor.spec.GradSpec} and the resilience ones) in
 * the fixed {@link dev.decor.spec.Order}, with the {@link dev.decor.spec.MeterDistribution} that
 * {@code @Timed} and {@code @Batched} share — what annotations are read into, what generated code builds with
 * named setters, and what {@code Decor.batch} and the programmatic builder take. No dependencies.
 */
package dev.decor.spec;
