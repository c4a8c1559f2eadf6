/**
 * The {@code @Batched} wing. API: {@link dev.decor.batch.Batcher} ({@code @Batched} as an object:
 * single items in, one batch-method call per batch), {@link dev.decor.batch.BatchMethod}, and
 * {@link dev.decor.batch.BatchObservationContext} (a batch's Observation, with its callers').
 * Engine-facing (composed by the assembly, not for application code): {@code BatchedDecorator},
 * {@code BatchRegistry}, {@code BatchMethods}, {@code BatchedChecks}.
 */
package dev.decor.batch;
