package dev.decor.conformance.woven;

import dev.decor.Batched;
import dev.decor.Cached;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code @Batched} method whose chain cannot be built when its class is initialised (the
 * cold-start suite takes its cache name on that engine first), so its first callers build it:
 * they must all end up on one chain, one batcher.
 */
public class LateBatched {
  public static final String CACHE = "LateBatched.batched";
  public static final int BATCH = 16;

  public final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  public final AtomicInteger mostBatchesAtOnce = new AtomicInteger();

  @Cached(name = CACHE)
  @Batched(method = "batchAll", maxSize = BATCH, maxWait = "1h", maxConcurrency = 1)
  public Integer batched(Integer x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  public List<Integer> batchAll(List<Integer> xs) {
    mostBatchesAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      batches.add(List.copyOf(xs));
      List<Integer> out = new ArrayList<>(xs.size());
      for (int x : xs) {
        out.add(-x);
      }
      return out;
    } finally {
      running.decrementAndGet();
    }
  }
}
