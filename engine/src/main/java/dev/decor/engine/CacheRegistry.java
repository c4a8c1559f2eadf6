package dev.decor.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.decor.cache.CacheStats;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.Messages;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** An engine's {@code @Cached} state: one {@link MethodCache} per cache name. */
final class CacheRegistry {
  private final ConcurrentHashMap<String, MethodCache> caches = new ConcurrentHashMap<>();
  /** The engine's clock, which expiry reads too. */
  private final Ticker ticker;

  CacheRegistry(Ticker ticker) {
    this.ticker = ticker;
  }

  /**
   * The cache named {@code name} for {@code key}'s method, created on first use. The same method
   * with the same spec (seen by both front ends) shares one cache; another spec for it replaces the
   * cache, so a chain never runs with a bound or TTL other than its own.
   *
   * @throws IllegalStateException if another method already registered {@code name}
   */
  MethodCache register(String name, MethodKey key, CachedSpec spec) {
    MethodCache cache = caches.compute(name, (n, old) ->
        old == null || (old.owner().equals(key) && !old.spec().equals(spec))
            ? new MethodCache(n, key, spec, ticker)
            : old);
    if (!cache.owner().equals(key)) {
      throw new IllegalStateException(
          Messages.cacheNameClash(name, cache.owner().toString(), key.toString()));
    }
    return cache;
  }

  CacheStats stats(String name) {
    MethodCache cache = caches.get(name);
    return cache == null ? CacheStats.EMPTY : cache.stats();
  }

  void clear(String name) {
    MethodCache cache = caches.get(name);
    if (cache != null) {
      cache.clear();
    }
  }

  Set<String> names() {
    return new TreeSet<>(caches.keySet());
  }
}
