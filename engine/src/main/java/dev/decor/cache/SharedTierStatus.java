package dev.decor.cache;

/**
 * How an engine's {@link SharedTier} is doing, as {@code Decor.sharedTierStatus()} reports it for
 * health checks (Spring's {@code /actuator/health}).
 */
public enum SharedTierStatus {
  /** No cache is shared yet, or no tier is configured or on the class path: caches are in-process. */
  NONE,
  /** The tier answers. */
  UP,
  /**
   * The tier failed or timed out {@value CacheRegistry#FAILURES_TO_OPEN} times in a row and calls
   * skip it (computing instead) until a probe succeeds ({@code [decor/SharedTierDown]}).
   */
  DOWN
}
