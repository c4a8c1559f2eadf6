package dev.decor.examples.spring.metrics;

import dev.decor.cache.CacheStats;
import dev.decor.cache.Caches;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for decor's {@code @Cached} caches, read from {@link Caches#stats} at scrape
 * time, under Micrometer's cache names so existing cache dashboards work:
 * {@code cache.gets{result="hit"|"miss"}}, {@code cache.evictions}, {@code cache.size} and
 * {@code cache.max.size}, tagged {@code cache=<decor name>} and {@code cacheManager=decor}.
 *
 * <p>A cache exists only once its method's chain is built (a woven method: at its first call), so
 * the caches to meter are the ones named up front plus those that exist at bind time; a named
 * cache reads as empty until it exists. Thread-safe.
 */
public final class DecorCacheMetrics implements MeterBinder {
  private final Set<String> names;

  /** Meters {@code names} and every cache that exists when {@link #bindTo} runs. */
  public DecorCacheMetrics(Collection<String> names) {
    this.names = new TreeSet<>(names);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Set<String> all = new TreeSet<>(names);
    all.addAll(Caches.names());
    for (String name : all) {
      Tags tags = Tags.of("cache", name, "cacheManager", "decor");
      counter(registry, "cache.gets", tags.and("result", "hit"), name, CacheStats::hits, "Cache hits");
      counter(registry, "cache.gets", tags.and("result", "miss"), name, CacheStats::misses, "Cache misses");
      counter(registry, "cache.evictions", tags, name, CacheStats::evictions, "Entries evicted for size");
      gauge(registry, "cache.size", tags, name, CacheStats::size, "Entries in the cache");
      gauge(registry, "cache.max.size", tags, name, CacheStats::maxSize, "The cache's maximum size");
    }
  }

  private static void counter(MeterRegistry registry, String meter, Tags tags, String name,
      ToDoubleFunction<CacheStats> value, String description) {
    FunctionCounter.builder(meter, name, n -> value.applyAsDouble(Caches.stats(n)))
        .tags(tags).description(description).register(registry);
  }

  private static void gauge(MeterRegistry registry, String meter, Tags tags, String name,
      ToDoubleFunction<CacheStats> value, String description) {
    Gauge.builder(meter, name, n -> value.applyAsDouble(Caches.stats(n)))
        .tags(tags).description(description).register(registry);
  }
}
