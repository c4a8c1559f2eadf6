package dev.decor.engine;

import dev.decor.spec.BatchedSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The {@link Batcher}s of one engine, so that {@link Decor#close} reaches all of them. Held
 * weakly: a batcher whose receiver is gone and whose workers have ended is forgotten (a running
 * worker keeps its batcher reachable). Thread-safe.
 */
final class BatchRegistry {
  private final Decor engine;
  private final Set<Batcher<?, ?>> all = Collections.newSetFromMap(new WeakHashMap<>());
  private boolean closed;

  BatchRegistry(Decor engine) {
    this.engine = engine;
  }

  /** A new batcher; on a closed engine it is closed at once (it rejects every item). */
  synchronized <In, Out> Batcher<In, Out> create(String name, BatchedSpec spec,
      BatchMethod<In, Out> method) {
    Batcher<In, Out> b = new Batcher<>(name, spec, method, engine.meterRegistry());
    if (closed) {
      b.shutdown();
    } else {
      all.add(b);
    }
    return b;
  }

  /** Closes every batcher: queued items go at once; after {@code timeoutNanos} the rest fail. */
  void close(long timeoutNanos) {
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
