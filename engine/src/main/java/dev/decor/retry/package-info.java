/**
 * The {@code @Retry} wing. API: {@link dev.decor.retry.Retries} — the resilience4j retries behind
 * {@link dev.decor.Retry @Retry} methods — and {@link dev.decor.retry.RetryEvent}, a retry as an
 * event of its {@code @Timed} call's Observation. Engine-facing (composed by the assembly, not for
 * application code): {@code RetryDecorator}, {@code RetryRegistryHolder}.
 */
package dev.decor.retry;
