/**
 * The {@code @ConcurrencyLimit} wing. API: {@link dev.decor.limit.Limits} and
 * {@link dev.decor.limit.LimitStats} — how many executions of a limited method or group run and
 * wait now, and how many were rejected. Engine-facing (composed by the assembly, not for
 * application code): {@code ConcurrencyLimitDecorator}, {@code LimitRegistry}. Inside: one
 * {@code Limit} (a fair semaphore and its meters) per method or group.
 */
package dev.decor.limit;
