package dev.decor.spring.boot.actuate;

import dev.decor.batch.BatchStats;
import dev.decor.cache.CacheStats;
import dev.decor.config.DecoratedMethod;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chains;
import dev.decor.internal.Durations;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.Spec;
import dev.decor.spring.boot.DecoratedBeans;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/decor}: every decorated method with its chain in order, its mode (generated,
 * woven, …), the effective value of each setting and where it came from, and the engine's state — cache statistics, batchers, circuit breakers,
 * concurrency limits and the shared tier.
 *
 * <ul>
 *   <li>{@code GET /actuator/decor}: everything;</li>
 *   <li>{@code DELETE /actuator/decor/caches/{name}}: empties a cache and resets its statistics
 *       (Python's {@code cache_clear()});</li>
 *   <li>{@code POST /actuator/decor/{batches|limits|breakers}/{name}} with
 *       {@code {"attribute": …, "value": …}}: live tuning ({@code Decor.tune}).</li>
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
    if (!"caches".equals(kind)) {
      throw invalid("'" + kind + "' cannot be cleared; clear 'caches'");
    }
    if (!engine.cacheNames().contains(name)) {
      throw invalid("no cache named '" + name + "'; caches: " + engine.cacheNames());
    }
    engine.clearCache(name);
    return cache(engine.cacheStats(name));
  }

  /**
   * Changes a batcher's, limit's or breaker's {@code attribute} to {@code value} from the next
   * batch or call on ({@code Decor.tune}): {@code POST /actuator/decor/batches/Model.predict}
   * with {@code {"attribute": "maxWait", "value": "2ms"}}. Returns the group's state after it.
   *
   * @throws InvalidEndpointRequestException with decor's message for a bad kind, name,
   *     attribute or value (400)
   */
  @WriteOperation
  public Map<String, Object> tune(@Selector String kind, @Selector String name, String attribute,
      String value) {
    if (!List.of("batches", "limits", "breakers").contains(kind)) {
      throw invalid("'" + kind + "' cannot be tuned; tune batches, limits or breakers");
    }
    try {
      engine.tune("decor." + kind + "." + name + "." + attribute, value);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    Object state = switch (kind) {
      case "batches" -> batches().get(name);
      case "limits" -> limits().get(name);
      default -> breakers().get(name);
    };
    Map<String, Object> result = new LinkedHashMap<>();
    result.put(name, state);
    return result;
  }

  /** Actuator answers it with 400 and the message. */
  private static InvalidEndpointRequestException invalid(String message) {
    return new InvalidEndpointRequestException(message, message);
  }

  /**
   * The engine's report ({@code Decor.methods()}: chains bound to it, with every setting's
   * source), with the bean each method belongs to; then decorated beans' methods whose chains
   * are not bound to this engine yet (built under an earlier engine and not called since), from
   * their annotations.
   */
  private List<Map<String, Object>> methods() {
    Map<String, String> beanOfClass = new TreeMap<>();
    for (DecoratedBeans.Bean bean : beans.beans().values()) {
      for (Method m : bean.methods()) {
        beanOfClass.putIfAbsent(m.getDeclaringClass().getName(), bean.name());
      }
    }
    List<Map<String, Object>> methods = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (DecoratedMethod dm : engine.methods()) {
      reported.add(dm.name());
      Map<String, Object> method = new LinkedHashMap<>();
      method.put("name", dm.name());
      if (beanOfClass.containsKey(dm.declaringClass())) {
        method.put("bean", beanOfClass.get(dm.declaringClass()));
      }
      method.put("class", dm.declaringClass());
      method.put("method", dm.method());
      method.put("mode", dm.frontEnd().name().toLowerCase(Locale.ROOT));
      List<Map<String, Object>> chain = new ArrayList<>();
      for (DecoratedMethod.Decorator d : dm.decorators()) {
        Map<String, Object> decorator = new LinkedHashMap<>();
        decorator.put("decorator", d.order().name());
        decorator.put("name", d.name());
        if (!d.group().isEmpty()) {
          decorator.put("group", d.group());
        }
        decorator.put("enabled", d.enabled());
        decorator.put("enabledBy", d.enabledBy().name());
        List<Map<String, Object>> settings = new ArrayList<>();
        for (DecoratedMethod.Setting setting : d.settings()) {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("attribute", setting.attribute());
          one.put("value", setting.value());
          one.put("source", setting.source().name());
          if (!setting.key().isEmpty()) {
            one.put("key", setting.key());
          }
          settings.add(one);
        }
        decorator.put("settings", settings);
        if (!d.refused().isEmpty()) {
          decorator.put("refused", d.refused());
        }
        chain.add(decorator);
      }
      method.put("chain", chain);
      methods.add(method);
    }
    for (DecoratedBeans.Bean bean : beans.beans().values()) {
      for (Method m : bean.methods()) {
        String name = MethodKey.of(m).defaultName();
        if (reported.add(name)) {
          methods.add(unbound(name, bean, m));
        }
      }
    }
    methods.sort(Comparator.comparing(m -> (String) m.get("name")));
    return methods;
  }

  /** A bean method whose chain this engine has not seen yet: its annotations' values. */
  private static Map<String, Object> unbound(String name, DecoratedBeans.Bean bean, Method m) {
    Map<String, Object> method = new LinkedHashMap<>();
    method.put("name", name);
    method.put("bean", bean.name());
    method.put("class", m.getDeclaringClass().getName());
    method.put("mode", bean.mode());
    method.put("bound", false);
    List<Map<String, Object>> chain = new ArrayList<>();
    for (Spec spec : Chains.specsOf(m)) { // in chain order already (Description.all())
      Map<String, Object> decorator = new LinkedHashMap<>();
      decorator.put("decorator", spec.order().name());
      decorator.put("settings", settings(spec));
      chain.add(decorator);
    }
    method.put("chain", chain);
    return method;
  }

  private static List<Map<String, Object>> settings(Spec spec) {
    List<Map<String, Object>> settings = new ArrayList<>();
    if (spec instanceof Record) {
      for (RecordComponent c : spec.getClass().getRecordComponents()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("attribute", c.getName());
        try {
          one.put("value", plain(c.getAccessor().invoke(spec)));
        } catch (ReflectiveOperationException e) {
          one.put("value", "?");
        }
        one.put("source", "ANNOTATION");
        settings.add(one);
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
      batch.put("maxWait", Durations.text(s.maxWait()));
      batch.put("maxConcurrency", s.maxConcurrency());
      batch.put("queueCapacity", s.queueCapacity());
      batch.put("eager", s.eager());
      batch.put("queueTimeout", s.queueTimeout().isZero() ? "none" : Durations.text(s.queueTimeout()));
      batch.put("preferredSizes", s.preferredSizes());
      batch.put("maxCost", s.maxCost());
      batch.put("adaptive", s.adaptive());
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
