/**
 * The {@code @Batched} wing. API: {@link dev.decor.batch.Batcher} ({@code @Batched} as an object:
 * single items in, one batch-method call per batch), {@link dev.decor.batch.BatchMethod}, and
 * {@link dev.decor.batch.BatchObservationContext} (a batch's Observation, with its callers'), and
 * {@link dev.decor.batch.BatchTracingObservationHandler} (with micrometer-tracing: a batch's span
 * linked to its callers' spans).
 * Engine-facing (composed by the assembly, not for application code): {@code BatchedDecorator},
 * {@code BatchRegistry}, {@code BatchMethods}, {@code BatchedChecks}.
 */
package dev.decor.batch;
