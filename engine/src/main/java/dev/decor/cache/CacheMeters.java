package dev.decor.cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The {@code decor.cache.gets} meters of one {@link MeterRegistry}, shared by every engine that
 * reports there: each name's counters sum that name's cache over those engines, as two engines'
 * {@code @Timed} calls add up in one Micrometer timer. Micrometer keeps one function counter per
 * name and tags and ignores (with a warning) a second registration, so a counter that read one
 * engine's cache would leave the others' uncounted — two engines built without a registry both
 * report to {@code Metrics.globalRegistry}. Holds registries and engines weakly. Thread-safe.
 */
final class CacheMeters {
  private static final Map<MeterRegistry, CacheMeters> BY_REGISTRY = new WeakHashMap<>();

  private final Set<CacheRegistry> engines = Collections.newSetFromMap(new WeakHashMap<>());
  /** The counters registered so far, as {@code name tier result}. */
  private final Set<String> registered = new HashSet<>();

  private CacheMeters() {}

  /** The meters of {@code registry}. */
  static CacheMeters of(MeterRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, r -> new CacheMeters());
    }
  }

  /**
   * Counts {@code engine}'s cache {@code name} in the counter {@code decor.cache.gets} with tags
   * {@code name}, {@code tier}, {@code result}, registering that counter in {@code registry} the
   * first time; {@code count} reads one cache.
   */
  void count(MeterRegistry registry, CacheRegistry engine, String name, String tier,
      String result, ToDoubleFunction<MethodCache> count) {
    boolean first;
    synchronized (this) {
      engines.add(engine);
      first = registered.add(name + " " + tier + " " + result);
    }
    if (first) { // outside the lock: Micrometer takes its own
      FunctionCounter.builder("decor.cache.gets", this, m -> m.sum(name, count))
          .tags("name", name, "tier", tier, "result", result)
          .description("@Cached lookups per tier")
          .register(registry);
    }
  }

  /** {@code count} of the caches named {@code name}, over the engines reporting here. */
  private synchronized double sum(String name, ToDoubleFunction<MethodCache> count) {
    double total = 0;
    for (CacheRegistry engine : engines) {
      MethodCache cache = engine.cache(name);
      if (cache != null) {
        total += count.applyAsDouble(cache);
      }
    }
    return total;
  }
}
