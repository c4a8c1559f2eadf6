package dev.decor.spec;

/**
 * The fixed order of decorators, outermost first, as {@code SPEC.md} fixes it. The chain builder
 * and the aspects' precedence both come from this enum.
 */
public enum Order {
  /** {@code @Timed}: sees what the caller sees, cache hits and retries included. */
  TIMED,
  /**
   * {@code @Fallback}: sees the failure left after the cache, retries and the breaker; its answer
   * is timed but never cached.
   */
  FALLBACK,
  /** {@code @Cached}: a hit skips retries and the method. */
  CACHED,
  /** {@code @Batched}: a cache hit never queues; the item waits for its batch's result. */
  BATCHED,
  /** {@code @Retry}: every attempt runs inside the grad scope. */
  RETRY,
  /** {@code @CircuitBreaker}: every attempt asks it; while open, none reaches the method. */
  CIRCUIT_BREAKER,
  /**
   * {@code @Timeout}: each attempt of a retry has its own deadline, which covers the wait for a
   * concurrency permit.
   */
  TIMEOUT,
  /** {@code @ConcurrencyLimit}: a permit is held around the grad region and the method. */
  CONCURRENCY_LIMIT,
  /** {@code @NoGrad} / {@code @InferenceMode}: innermost, around the method itself. */
  GRAD
}
