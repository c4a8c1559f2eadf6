package dev.decor.engine;

import dev.decor.timing.TimingStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Backs {@link dev.decor.timing.Timings}: one recorder per decor name, and the bound registry. */
public final class TimingRegistry {
  private static final ConcurrentHashMap<String, Recorder> RECORDERS = new ConcurrentHashMap<>();
  private static volatile MeterRegistry registry = Metrics.globalRegistry;

  private TimingRegistry() {}

  /** Lock-free per-name counters; exact once writers have returned. */
  public static final class Recorder {
    private final LongAdder count = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, 0L);

    public void record(long nanos) {
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

  public static Recorder recorder(String name) {
    return RECORDERS.computeIfAbsent(name, n -> new Recorder());
  }

  public static TimingStats stats(String name) {
    Recorder r = RECORDERS.get(name);
    return r == null ? TimingStats.EMPTY : r.snapshot();
  }

  public static Set<String> names() {
    Set<String> names = new TreeSet<>();
    RECORDERS.forEach((name, r) -> {
      if (r.count.sum() > 0) {
        names.add(name);
      }
    });
    return names;
  }

  public static void reset(String name) {
    Recorder r = RECORDERS.get(name);
    if (r != null) {
      r.reset();
    }
  }

  public static MeterRegistry registry() {
    return registry;
  }

  public static void bindTo(MeterRegistry r) {
    registry = r;
  }
}
