package dev.decor.batch;

import dev.decor.kernel.LatestGauge;
import dev.decor.spec.BatchedSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@link Batcher}s of one engine, so that {@code Decor.close} reaches all of them. Held
 * weakly: a batcher whose receiver is gone and whose workers have ended is forgotten (a running
 * worker keeps its batcher reachable). Engine-facing; not for application code. Thread-safe.
 */
public final class BatchRegistry {
  /** The engine's MeterRegistry when a batcher is made (it can be re-bound). */
  private final Supplier<MeterRegistry> meterRegistry;
  /** The engine's clock, which a caller's {@code @Timeout} deadline is on. */
  private final LongSupplier clock;
  /** The engine's ObservationRegistry, or null. */
  private final ObservationRegistry observations;
  private final Set<Batcher<?, ?>> all = Collections.newSetFromMap(new WeakHashMap<>());
  private boolean closed;
  /** Live changes by batcher name: attribute → value, in the order they were made. */
  private final Map<String, Map<String, Object>> tuned = new HashMap<>();

  public BatchRegistry(Supplier<MeterRegistry> meterRegistry) {
    this(meterRegistry, System::nanoTime, null);
  }

  /**
   * {@code clock}: the engine's, which a caller's {@code @Timeout} deadline is on;
   * {@code observations}: where each batch is an Observation; null for none.
   */
  public BatchRegistry(Supplier<MeterRegistry> meterRegistry, LongSupplier clock,
      ObservationRegistry observations) {
    this.meterRegistry = meterRegistry;
    this.clock = clock;
    this.observations = observations;
  }

  /**
   * A new batcher, for items of a method returning {@code resultType}; on a closed engine it is
   * closed at once (it rejects every item).
   */
  public synchronized <In, Out> Batcher<In, Out> create(String name, BatchedSpec spec,
      BatchMethod<In, Out> method, Class<?> resultType) {
    MeterRegistry registry = meterRegistry.get();
    Batcher<In, Out> b = new Batcher<>(name, spec, method, resultType, registry, observations,
        clock);
    // One gauge per name over all its batchers (one per receiver), reading this registry's
    // depth(name): registering it again for another batcher of the name changes nothing.
    LatestGauge.register(registry, "decor.batch.queue.depth", name, "items waiting for a batch",
        this, r -> r.depth(name));
    tuned.getOrDefault(name, Map.of()).forEach(b::tune);
    if (closed) {
      b.shutdown();
    } else {
      all.add(b);
    }
    return b;
  }

  /**
   * A snapshot of every live batcher by name (sorted); where two batchers share a name, one of
   * them.
   */
  public synchronized SortedMap<String, BatchStats> stats() {
    SortedMap<String, BatchStats> stats = new TreeMap<>();
    for (Batcher<?, ?> b : all) {
      stats.putIfAbsent(b.name(), b.stats());
    }
    return stats;
  }

  /** The items queued in every live batcher named {@code name}. */
  private synchronized double depth(String name) {
    int depth = 0;
    for (Batcher<?, ?> b : all) {
      if (b.name().equals(name)) {
        depth += b.depth();
      }
    }
    return depth;
  }

  /**
   * Changes the batchers named {@code name} (one per receiver of a {@code @Batched} method), and
   * those made later under that name, from their next batch on: {@code maxSize} (an
   * {@code Integer}), {@code maxWait} or {@code queueTimeout} (a duration string, validated) or
   * {@code adaptive} (a {@code Boolean}).
   */
  public synchronized void tune(String name, String attribute, Object value) {
    tuned.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(attribute, value);
    for (Batcher<?, ?> b : all) {
      if (b.name().equals(name)) {
        b.tune(attribute, value);
      }
    }
  }

  /** Closes every batcher: queued items go at once; after {@code timeoutNanos} the rest fail. */
  public void close(long timeoutNanos) {
    List<Batcher<?, ?>> batchers;
    synchronized (this) {
      closed = true;
      batchers = new ArrayList<>(all);
    }
    batchers.forEach(Batcher::shutdown);
    long deadline = System.nanoTime() + timeoutNanos;
    for (Batcher<?, ?> b : batchers) {
      b.awaitClosed(deadline);
    }
  }
}
