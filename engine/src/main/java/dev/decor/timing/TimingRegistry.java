package dev.decor.timing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * An engine's {@code @Timed} state: one recorder per decor name, the bound MeterRegistry, the
 * engine's clock, and the ObservationRegistry its calls and batches report to (null: none, and
 * then no Observation is made at all). Engine-facing; not for application code. Thread-safe.
 */
public final class TimingRegistry {
  private final ConcurrentHashMap<String, Recorder> recorders = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private final LongSupplier nanoTime;
  private final ObservationRegistry observations;

  public TimingRegistry(MeterRegistry registry, LongSupplier nanoTime) {
    this(registry, nanoTime, null);
  }

  /**
   * {@code observations} null or {@link ObservationRegistry#NOOP}: no Observations. (A registry
   * without handlers yet is kept: its handlers may be added after the engine is built.)
   */
  public TimingRegistry(MeterRegistry registry, LongSupplier nanoTime,
      ObservationRegistry observations) {
    this.registry = registry;
    this.nanoTime = nanoTime;
    this.observations = observations == ObservationRegistry.NOOP ? null : observations;
  }

  /** The engine's ObservationRegistry, or null when it has none (the usual, free case). */
  public ObservationRegistry observations() {
    return observations;
  }

  /** The engine's clock. */
  long nanoTime() {
    return nanoTime.getAsLong();
  }

  /** Lock-free per-name counters; exact once writers have returned. */
  static final class Recorder {
    private final LongAdder count = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, 0L);

    void record(long nanos) {
      total.add(nanos);
      max.accumulate(nanos);
      count.increment();
    }

    TimingStats snapshot() {
      long n = count.sum();
      long t = total.sum();
      return new TimingStats(n, t, max.get(), n == 0 ? 0.0 : (double) t / n);
    }

    void reset() {
      count.reset();
      total.reset();
      max.reset();
    }
  }

  Recorder recorder(String name) {
    return recorders.computeIfAbsent(name, n -> new Recorder());
  }

  public TimingStats stats(String name) {
    Recorder r = recorders.get(name);
    return r == null ? TimingStats.EMPTY : r.snapshot();
  }

  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    recorders.forEach((name, r) -> {
      if (r.count.sum() > 0) {
        names.add(name);
      }
    });
    return names;
  }

  public void reset(String name) {
    Recorder r = recorders.get(name);
    if (r != null) {
      r.reset();
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void bindTo(MeterRegistry r) {
    registry = r;
  }
}
