package dev.decor.kernel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.ToDoubleFunction;

/**
 * A gauge of something an engine keeps under a name (a concurrency limit, a circuit breaker, a
 * batch queue) that reads the engine that registered it <em>last</em> in a registry.
 *
 * <p>Why: Micrometer keeps one gauge per name and tags in a registry and answers a second
 * registration with the first gauge, still reading the first state object. Engines share a
 * registry often — every engine's default is {@code Metrics.globalRegistry}; a test suite, an
 * application context that is refreshed, {@code Decor.setGlobal} — so a gauge over the engine's
 * own object showed the first engine's limit or breaker forever (and, held strongly, kept that
 * engine in memory). Here the gauge reads a slot that each registration points at its own
 * source; the source is held weakly, so a gauge whose engine is gone reads NaN, as Micrometer's
 * own gauges do. Two live engines with the same name in one registry: the later one is shown.
 *
 * <p>Not API. Thread-safe; registering takes a lock (it happens when a limit, breaker or batcher
 * is created), reading takes none.
 */
public final class LatestGauge {
  /** Per registry (weakly, by identity: registries do not override equals), the slot per id. */
  private static final Map<MeterRegistry, Map<String, LatestGauge>> SLOTS = new WeakHashMap<>();

  private volatile Reading<?> reading;

  private record Reading<T>(WeakReference<T> source, ToDoubleFunction<T> value) {
    double read() {
      T s = source.get();
      return s == null ? Double.NaN : value.applyAsDouble(s);
    }
  }

  private LatestGauge() {}

  /**
   * Registers gauge {@code name} tagged {@code name=tagValue} in {@code registry}, or finds the one
   * registered before, and makes it read {@code value} of {@code source} from now on.
   */
  public static <T> void register(MeterRegistry registry, String name, String tagValue,
      String description, T source, ToDoubleFunction<T> value) {
    Reading<T> reading = new Reading<>(new WeakReference<>(source), value);
    String id = name + '\0' + tagValue;
    synchronized (SLOTS) {
      Map<String, LatestGauge> slots = SLOTS.computeIfAbsent(registry, r -> new HashMap<>());
      LatestGauge slot = slots.get(id);
      if (slot == null) {
        slot = new LatestGauge();
        slots.put(id, slot);
        slot.reading = reading; // before the gauge exists: a registry may read it when registered
        Gauge.builder(name, slot, LatestGauge::read)
            .tag("name", tagValue)
            .description(description)
            .strongReference(true)
            .register(registry);
      } else {
        slot.reading = reading;
      }
    }
  }

  private double read() {
    return reading.read();
  }
}
