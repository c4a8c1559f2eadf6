package dev.decor.limit;

/**
 * A snapshot of one concurrency limit (a method's own, or a group's).
 *
 * @param limit the executions allowed at once ({@code @ConcurrencyLimit(value)})
 * @param active executions running now
 * @param waiting callers waiting for a permit now
 * @param rejected callers rejected so far (no permit within {@code maxWait}, or interrupted)
 */
public record LimitStats(int limit, int active, int waiting, long rejected) {}
