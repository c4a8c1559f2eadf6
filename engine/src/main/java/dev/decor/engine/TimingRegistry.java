package dev.decor.engine;

import dev.decor.timing.TimingStats;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** An engine's {@code @Timed} state: one recorder per decor name, and the bound MeterRegistry. */
final class TimingRegistry {
  private final ConcurrentHashMap<String, Recorder> recorders = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  TimingRegistry(MeterRegistry registry) {
    this.registry = registry;
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

  TimingStats stats(String name) {
    Recorder r = recorders.get(name);
    return r == null ? TimingStats.EMPTY : r.snapshot();
  }

  Set<String> names() {
    Set<String> names = new TreeSet<>();
    recorders.forEach((name, r) -> {
      if (r.count.sum() > 0) {
        names.add(name);
      }
    });
    return names;
  }

  void reset(String name) {
    Recorder r = recorders.get(name);
    if (r != null) {
      r.reset();
    }
  }

  MeterRegistry registry() {
    return registry;
  }

  void bindTo(MeterRegistry r) {
    registry = r;
  }
}
