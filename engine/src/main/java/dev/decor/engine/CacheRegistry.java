package dev.decor.engine;

import dev.decor.cache.CacheStats;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.Messages;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Backs {@link dev.decor.cache.Caches}: one {@link MethodCache} per cache name. */
public final class CacheRegistry {
  private static final ConcurrentHashMap<String, MethodCache> CACHES = new ConcurrentHashMap<>();

  private CacheRegistry() {}

  /**
   * The cache named {@code name} for {@code key}'s method, created on first use. The same method
   * with the same spec (seen by both front ends) shares one cache; another spec for it replaces the
   * cache, so a chain never runs with a bound or TTL other than its own.
   *
   * @throws IllegalStateException if another method already registered {@code name}
   */
  static MethodCache register(String name, MethodKey key, CachedSpec spec) {
    MethodCache cache = CACHES.compute(name, (n, old) ->
        old == null || (old.owner().equals(key) && !old.spec().equals(spec))
            ? new MethodCache(n, key, spec)
            : old);
    if (!cache.owner().equals(key)) {
      throw new IllegalStateException(
          Messages.cacheNameClash(name, cache.owner().toString(), key.toString()));
    }
    return cache;
  }

  public static CacheStats stats(String name) {
    MethodCache cache = CACHES.get(name);
    return cache == null ? CacheStats.EMPTY : cache.stats();
  }

  public static void clear(String name) {
    MethodCache cache = CACHES.get(name);
    if (cache != null) {
      cache.clear();
    }
  }

  public static Set<String> names() {
    return new TreeSet<>(CACHES.keySet());
  }
}
