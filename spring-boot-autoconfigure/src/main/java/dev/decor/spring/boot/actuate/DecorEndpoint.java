package dev.decor.spring.boot.actuate;

import dev.decor.batch.BatchStats;
import dev.decor.cache.CacheStats;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.Spec;
import dev.decor.spring.boot.DecoratedBeans;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/decor}: every decorated bean method with its chain in order and its mode
 * (generated or woven), and the engine's state — cache statistics, batchers, circuit breakers,
 * concurrency limits and the shared tier.
 *
 * <ul>
 *   <li>{@code GET /actuator/decor}: everything;</li>
 *   <li>{@code DELETE /actuator/decor/caches/{name}}: empties a cache and resets its statistics
 *       (Python's {@code cache_clear()}).</li>
 * </ul>
 *
 * Actuator's rules apply: expose it ({@code management.endpoints.web.exposure.include=decor});
 * its default access is read-only, so write operations also need
 * {@code management.endpoint.decor.access=unrestricted}. Thread-safe.
 */
@Endpoint(id = "decor", defaultAccess = Access.READ_ONLY)
public class DecorEndpoint {
  private final Decor engine;
  private final DecoratedBeans beans;

  public DecorEndpoint(Decor engine, DecoratedBeans beans) {
    this.engine = engine;
    this.beans = beans;
  }

  /** The whole report. */
  @ReadOperation
  public Map<String, Object> decor() {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("methods", methods());
    report.put("caches", caches());
    report.put("batches", batches());
    report.put("breakers", breakers());
    report.put("limits", limits());
    report.put("sharedTier", engine.sharedTierStatus().name());
    return report;
  }

  /** Empties cache {@code name} ({@code kind} must be {@code caches}) and returns its stats. */
  @DeleteOperation
  public Map<String, Object> clear(@Selector String kind, @Selector String name) {
    requireKind(kind, "caches");
    if (!engine.cacheNames().contains(name)) {
      throw new IllegalArgumentException("no cache named '" + name + "'; caches: "
          + engine.cacheNames());
    }
    engine.clearCache(name);
    return cache(engine.cacheStats(name));
  }

  private static void requireKind(String kind, String expected) {
    if (!expected.equals(kind)) {
      throw new IllegalArgumentException("'" + kind + "' cannot be changed here; use '"
          + expected + "'");
    }
  }

  private List<Map<String, Object>> methods() {
    List<Map<String, Object>> methods = new ArrayList<>();
    for (DecoratedBeans.Bean bean : beans.beans().values()) {
      for (Method m : bean.methods()) {
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("name", MethodKey.of(m).defaultName());
        method.put("bean", bean.name());
        method.put("class", m.getDeclaringClass().getName());
        method.put("mode", bean.mode());
        method.put("chain", chain(m));
        methods.add(method);
      }
    }
    methods.sort(Comparator.comparing(m -> (String) m.get("name")));
    return methods;
  }

  /** The method's decorators, outermost first, each with its settings. */
  private static List<Map<String, Object>> chain(Method m) {
    Spec[] specs = Chains.specsOf(m);
    Arrays.sort(specs, Comparator.comparing(Spec::order));
    List<Map<String, Object>> chain = new ArrayList<>();
    for (Spec spec : specs) {
      Map<String, Object> decorator = new LinkedHashMap<>();
      decorator.put("decorator", spec.order().name());
      decorator.put("settings", settings(spec));
      chain.add(decorator);
    }
    return chain;
  }

  private static Map<String, Object> settings(Spec spec) {
    Map<String, Object> settings = new LinkedHashMap<>();
    if (spec instanceof Record) {
      for (RecordComponent c : spec.getClass().getRecordComponents()) {
        try {
          settings.put(c.getName(), plain(c.getAccessor().invoke(spec)));
        } catch (ReflectiveOperationException e) {
          settings.put(c.getName(), "?");
        }
      }
    }
    return settings;
  }

  /** A value as JSON shows it: classes by name, arrays as lists, other objects as text. */
  private static Object plain(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean
        || value instanceof String) {
      return value;
    }
    if (value instanceof Class<?> c) {
      return c.getName();
    }
    if (value.getClass().isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        list.add(plain(Array.get(value, i)));
      }
      return list;
    }
    return value.toString();
  }

  private Map<String, Object> caches() {
    Map<String, Object> caches = new TreeMap<>();
    for (String name : engine.cacheNames()) {
      caches.put(name, cache(engine.cacheStats(name)));
    }
    return caches;
  }

  private static Map<String, Object> cache(CacheStats s) {
    Map<String, Object> cache = new LinkedHashMap<>();
    cache.put("hits", s.hits());
    cache.put("misses", s.misses());
    cache.put("hitRate", s.hitRate());
    cache.put("evictions", s.evictions());
    cache.put("size", s.size());
    cache.put("maxSize", s.maxSize());
    cache.put("sharedHits", s.sharedHits());
    cache.put("sharedMisses", s.sharedMisses());
    cache.put("sharedErrors", s.sharedErrors());
    return cache;
  }

  private Map<String, Object> batches() {
    Map<String, Object> batches = new TreeMap<>();
    for (Map.Entry<String, BatchStats> e : engine.batchStats().entrySet()) {
      BatchStats s = e.getValue();
      Map<String, Object> batch = new LinkedHashMap<>();
      batch.put("maxSize", s.maxSize());
      batch.put("maxWait", s.maxWait().toString());
      batch.put("maxConcurrency", s.maxConcurrency());
      batch.put("queueCapacity", s.queueCapacity());
      batch.put("queued", s.queued());
      batch.put("running", s.running());
      batch.put("workers", s.workers());
      batch.put("closed", s.closed());
      batches.put(e.getKey(), batch);
    }
    return batches;
  }

  private Map<String, Object> breakers() {
    Map<String, Object> breakers = new TreeMap<>();
    for (CircuitBreaker b : engine.circuitBreakerRegistry().getAllCircuitBreakers()) {
      CircuitBreaker.Metrics m = b.getMetrics();
      Map<String, Object> breaker = new LinkedHashMap<>();
      breaker.put("state", b.getState().name());
      breaker.put("failureRate", m.getFailureRate());
      breaker.put("slowCallRate", m.getSlowCallRate());
      breaker.put("bufferedCalls", m.getNumberOfBufferedCalls());
      breaker.put("failedCalls", m.getNumberOfFailedCalls());
      breaker.put("notPermittedCalls", m.getNumberOfNotPermittedCalls());
      breakers.put(b.getName(), breaker);
    }
    return breakers;
  }

  private Map<String, Object> limits() {
    Map<String, Object> limits = new TreeMap<>();
    for (String name : engine.limitNames()) {
      engine.limitStats(name).ifPresent(s -> limits.put(name, Map.of("limit", s.limit(),
          "active", s.active(), "waiting", s.waiting(), "rejected", s.rejected())));
    }
    return limits;
  }
}
