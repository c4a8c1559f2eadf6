package dev.decor.conformance;

import dev.decor.Batched;
import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.grad.GradMode;
import dev.decor.grad.Trainable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One method per decorator for the cold-start suite, each called for the first time by many
 * threads at once; every body records what a user would check afterwards.
 */
public class ColdStartService implements Trainable {
  /** {@link #batched}'s batch size: a batch goes only when full. */
  public static final int BATCH = 16;

  public final AtomicInteger cachedRuns = new AtomicInteger();
  public final AtomicInteger retryAttempts = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> attemptsByCaller =
      new ConcurrentHashMap<>();
  /** What each {@code @NoGrad}/{@code @InferenceMode} body saw: grad, then the training flag. */
  public final List<List<Boolean>> gradSeen = new CopyOnWriteArrayList<>();
  public final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
  private final AtomicInteger batchesRunning = new AtomicInteger();
  public final AtomicInteger mostBatchesAtOnce = new AtomicInteger();
  private volatile boolean training = true;

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  @Timed
  public int timed(int x) {
    return x;
  }

  /** Fails the first attempt of each caller, so every call succeeds after exactly one retry. */
  @Retry(maxAttempts = 3)
  public String flaky(String caller) throws IOException {
    retryAttempts.incrementAndGet();
    if (attemptsByCaller.computeIfAbsent(caller, c -> new AtomicInteger()).incrementAndGet() == 1) {
      throw new IOException("first attempt of " + caller);
    }
    return caller;
  }

  @Cached
  public String cached(String key) {
    cachedRuns.incrementAndGet();
    return key + "!";
  }

  @NoGrad
  public boolean noGrad() {
    gradSeen.add(List.of(GradMode.isEnabled(), training));
    return GradMode.isEnabled();
  }

  @InferenceMode
  public boolean inference() {
    gradSeen.add(List.of(GradMode.isEnabled(), training));
    return GradMode.isEnabled();
  }

  /** One batcher, one batch at a time, batches of exactly {@link #BATCH}. */
  @Batched(method = "batchAll", maxSize = BATCH, maxWait = "1h", maxConcurrency = 1)
  public CompletableFuture<Integer> batched(Integer x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  public List<Integer> batchAll(List<Integer> xs) {
    int running = batchesRunning.incrementAndGet();
    mostBatchesAtOnce.accumulateAndGet(running, Math::max);
    try {
      batches.add(List.copyOf(xs));
      List<Integer> out = new ArrayList<>(xs.size());
      for (int x : xs) {
        out.add(-x);
      }
      return out;
    } finally {
      batchesRunning.decrementAndGet();
    }
  }
}
