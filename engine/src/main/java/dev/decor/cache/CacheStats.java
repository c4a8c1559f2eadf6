package dev.decor.cache;

/**
 * A snapshot of one {@link dev.decor.Cached @Cached} cache — Python's {@code cache_info()}:
 * hits (calls answered without running the method), misses (calls that ran it), evictions, current
 * size and the bound; and for a shared cache, how the shared tier did: {@code sharedHits} (the
 * part of {@code hits} the shared tier answered), {@code sharedMisses} (lookups it could not
 * answer, so the method ran) and {@code sharedErrors} (lookups and writes that failed, timed out or
 * were skipped while the tier was down). All zeros for a name no cache has registered yet.
 */
public record CacheStats(long hits, long misses, long evictions, long size, long maxSize,
    long sharedHits, long sharedMisses, long sharedErrors) {
  /** The stats of a name with no cache. */
  public static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0);

  /** The stats of an in-process cache (no shared tier). */
  public CacheStats(long hits, long misses, long evictions, long size, long maxSize) {
    this(hits, misses, evictions, size, maxSize, 0, 0, 0);
  }

  /** {@code hits / (hits + misses)}, or 0 when there were no calls. */
  public double hitRate() {
    long calls = hits + misses;
    return calls == 0 ? 0.0 : (double) hits / calls;
  }
}
