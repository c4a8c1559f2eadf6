package dev.decor.cache;

import dev.decor.engine.CacheRegistry;
import java.util.Objects;
import java.util.Set;

/**
 * The caches of {@link dev.decor.Cached @Cached} methods, by name (the method's decor name
 * {@code SimpleClassName.method} unless {@code @Cached(name = …)} gives one) — Python's
 * {@code cache_info()} and {@code cache_clear()}.
 *
 * <pre>{@code
 * CacheStats s = Caches.stats("ClassifierService.predict");
 * System.out.println(s.hits() + " hits, " + s.misses() + " misses");
 * Caches.clear("ClassifierService.predict");   // entries and statistics
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Caches {
  private Caches() {}

  /** The statistics of cache {@code name}; {@link CacheStats#EMPTY} if no cache has that name. */
  public static CacheStats stats(String name) {
    return CacheRegistry.stats(Objects.requireNonNull(name, "name"));
  }

  /** Empties cache {@code name} and resets its statistics; does nothing for an unknown name. */
  public static void clear(String name) {
    CacheRegistry.clear(Objects.requireNonNull(name, "name"));
  }

  /** The names of every registered cache. */
  public static Set<String> names() {
    return CacheRegistry.names();
  }
}
