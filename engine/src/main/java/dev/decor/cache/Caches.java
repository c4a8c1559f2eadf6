package dev.decor.cache;

import dev.decor.kernel.GlobalEngine;
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
 * <p>These read the global engine ({@code Decor.global()}); an engine of your
 * own answers the same questions. Thread-safe.
 */
public final class Caches {
  private Caches() {}

  /** The statistics of cache {@code name}; {@link CacheStats#EMPTY} if no cache has that name. */
  public static CacheStats stats(String name) {
    return registry().stats(Objects.requireNonNull(name, "name"));
  }

  /** Empties cache {@code name} and resets its statistics; does nothing for an unknown name. */
  public static void clear(String name) {
    registry().clear(Objects.requireNonNull(name, "name"));
  }

  /** The names of every registered cache. */
  public static Set<String> names() {
    return registry().names();
  }

  private static CacheRegistry registry() {
    return GlobalEngine.part(CacheRegistry.class);
  }
}
