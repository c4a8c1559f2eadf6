package dev.decor.conformance;

import dev.decor.Batched;
import dev.decor.Cached;
import dev.decor.CircuitBreaker;
import dev.decor.ConcurrencyLimit;
import dev.decor.Fallback;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.Timeout;
import dev.decor.grad.GradMode;
import dev.decor.grad.Trainable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One method per decorator for the cold-start suite, each called for the first time by many
 * threads at once; every body records what a user would check afterwards.
 */
public class ColdStartService implements Trainable {
  /** {@link #batched}'s batch size: a batch goes only when full. */
  public static final int BATCH = 16;
  /** The suite's racing platform threads, and {@link #breakerOf16}'s window. */
  public static final int PLATFORM_CALLERS = 16;
  /** The suite's racing virtual threads, and {@link #breakerOf64}'s window. */
  public static final int VIRTUAL_CALLERS = 64;
  /** {@link #limited}'s permits. */
  public static final int LIMIT = 4;

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
  public final AtomicInteger limitedInside = new AtomicInteger();
  public final AtomicInteger mostLimitedAtOnce = new AtomicInteger();
  /** Holds {@link #limited}'s admitted callers inside until the test opens it. */
  public final CountDownLatch limitedGate = new CountDownLatch(1);
  public final AtomicInteger breakerRuns = new AtomicInteger();
  public final AtomicInteger fallbackRuns = new AtomicInteger();
  private final CountDownLatch never = new CountDownLatch(1);
  public final AtomicInteger hungInterrupted = new AtomicInteger();
  public final AtomicInteger hungEnded = new AtomicInteger();

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
    return negate(xs, batches);
  }

  /** Records the batch in {@code into} and how many run at once; each item's answer is -item. */
  private List<Integer> negate(List<Integer> xs, List<List<Integer>> into) {
    int running = batchesRunning.incrementAndGet();
    mostBatchesAtOnce.accumulateAndGet(running, Math::max);
    try {
      into.add(List.copyOf(xs));
      List<Integer> out = new ArrayList<>(xs.size());
      for (int x : xs) {
        out.add(-x);
      }
      return out;
    } finally {
      batchesRunning.decrementAndGet();
    }
  }

  /**
   * The scheduler's attributes at once: the caller's {@code @Timeout} and a {@code queueTimeout}
   * (generous: none passes), batches of the preferred {@link #PREFERRED} or of {@link #MAX_COST}
   * by the {@link #weight} method (1 an item), never the hour's wait: every count of callers
   * here is a multiple of {@link #PREFERRED}.
   */
  @Timeout("60s")
  @Batched(method = "scheduleAll", maxSize = BATCH, maxWait = "1h", preferredSizes = "4",
      maxCost = MAX_COST, cost = "weight", queueTimeout = "60s")
  public int scheduled(int x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** {@link #scheduled}'s preferred size. */
  public static final int PREFERRED = 4;
  /** {@link #scheduled}'s largest batch by cost. */
  public static final int MAX_COST = 8;
  public final List<List<Integer>> scheduledBatches = new CopyOnWriteArrayList<>();

  long weight(int x) {
    return 1;
  }

  public List<Integer> scheduleAll(List<Integer> xs) {
    return negate(xs, scheduledBatches);
  }

  /** Holds each admitted caller until {@link #limitedGate} opens; the rest wait for a permit. */
  @ConcurrencyLimit(value = LIMIT, maxWait = "1m")
  public int limited(int x) throws InterruptedException {
    mostLimitedAtOnce.accumulateAndGet(limitedInside.incrementAndGet(), Math::max);
    try {
      if (!limitedGate.await(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the gate was never opened");
      }
      return x;
    } finally {
      limitedInside.decrementAndGet();
    }
  }

  /**
   * A dependency that is down, behind a breaker whose window is exactly the platform callers: it
   * judges (and opens) only when one breaker has counted all of them.
   */
  @CircuitBreaker(window = PLATFORM_CALLERS, failureRate = 50, openFor = "1h")
  public String breakerOf16(int x) throws IOException {
    breakerRuns.incrementAndGet();
    throw new IOException("down for " + x);
  }

  /** {@link #breakerOf16} for the virtual callers. */
  @CircuitBreaker(window = VIRTUAL_CALLERS, failureRate = 50, openFor = "1h")
  public String breakerOf64(int x) throws IOException {
    breakerRuns.incrementAndGet();
    throw new IOException("down for " + x);
  }

  @Fallback(method = "stale")
  public String withFallback(String key) throws IOException {
    fallbackRuns.incrementAndGet();
    throw new IOException("down for " + key);
  }

  String stale(String key) {
    return "stale:" + key;
  }

  /** Hangs until interrupted: every call is cut at its timeout. */
  @Timeout("100ms")
  public String hung(int x) throws InterruptedException {
    try {
      never.await();
      return "never";
    } catch (InterruptedException e) {
      hungInterrupted.incrementAndGet();
      throw e;
    } finally {
      hungEnded.incrementAndGet();
    }
  }
}
