package dev.decor.cache;

/**
 * A snapshot of one {@link dev.decor.Cached @Cached} cache — Python's {@code cache_info()}:
 * hits, misses (calls that ran the method), evictions, current size and the bound.
 * All zeros for a name no cache has registered yet.
 */
public record CacheStats(long hits, long misses, long evictions, long size, long maxSize) {
  /** The stats of a name with no cache. */
  public static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0);

  /** {@code hits / (hits + misses)}, or 0 when there were no calls. */
  public double hitRate() {
    long calls = hits + misses;
    return calls == 0 ? 0.0 : (double) hits / calls;
  }
}
