package dev.decor.conformance;

import dev.decor.Cached;
import dev.decor.ConcurrencyLimit;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.Timeout;
import dev.decor.grad.GradMode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A model service with the resilience decorators where an inference service wants them: a forward
 * that can hang, bounded by {@code @Timeout}; a GPU admitted through {@code @ConcurrencyLimit};
 * a status poll retried on its result. It records what the tests observe: which threads ran the
 * bodies, whether they were interrupted and left, how many ran at once.
 */
public class ResilientModel {
  /** Retries while the job is still running. */
  public static final class StillRunning implements Predicate<String> {
    @Override
    public boolean test(String status) {
      return status.equals("running");
    }
  }

  private final CountDownLatch never = new CountDownLatch(1);
  public final List<Thread> ranOn = new CopyOnWriteArrayList<>();
  public final AtomicInteger interrupted = new AtomicInteger();
  public final AtomicInteger ended = new AtomicInteger();
  public final AtomicInteger attempts = new AtomicInteger();
  public final AtomicInteger running = new AtomicInteger();
  public final AtomicInteger mostAtOnce = new AtomicInteger();
  public final List<Boolean> gradSeen = new CopyOnWriteArrayList<>();
  /** The stage {@link #later} returned, to see it cancelled. */
  public volatile CompletableFuture<String> lastStage;

  /** A hung forward: waits until interrupted. */
  private float[] hang() throws InterruptedException {
    ranOn.add(Thread.currentThread());
    gradSeen.add(GradMode.isEnabled());
    try {
      never.await();
      return new float[0];
    } catch (InterruptedException e) {
      interrupted.incrementAndGet();
      throw e;
    } finally {
      ended.incrementAndGet();
    }
  }

  @Timeout("100ms")
  public float[] forward(float[] x) throws InterruptedException {
    return hang();
  }

  /** A forward in a grad region: a virtual caller's body runs on a decor model thread. */
  @Timeout("100ms")
  @NoGrad
  public float[] forwardNoGrad(float[] x) throws InterruptedException {
    return hang();
  }

  @Timeout("50ms")
  public String declared() throws TimeoutException, InterruptedException {
    hang();
    return "never";
  }

  /** Hangs on its first two attempts; each attempt has its own 50 ms. */
  @Retry(maxAttempts = 3)
  @Timeout("50ms")
  public String thirdTime() throws InterruptedException {
    if (attempts.incrementAndGet() < 3) {
      hang();
    }
    return "attempt " + attempts.get();
  }

  /** A stage that never completes by itself. */
  @Timeout("50ms")
  public CompletableFuture<String> later() {
    CompletableFuture<String> stage = new CompletableFuture<>();
    lastStage = stage;
    return stage;
  }

  /** Answers quickly: the timeout never fires. */
  @Timeout("10s")
  public String quick(String in) {
    return in;
  }

  /** Holds one of two permits until {@code release} opens. */
  @ConcurrencyLimit(value = 2, maxWait = "20ms")
  public String admit(CountDownLatch release) throws InterruptedException {
    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      release.await();
      return "admitted";
    } finally {
      running.decrementAndGet();
    }
  }

  @ConcurrencyLimit(value = 1, group = "gpu")
  public String forwardOnGpu(CountDownLatch release) throws InterruptedException {
    release.await();
    return "forward";
  }

  @ConcurrencyLimit(value = 1, group = "gpu")
  public String embedOnGpu(String text) {
    return "embed " + text;
  }

  /** Running twice, then done. */
  @Retry(maxAttempts = 5, retryIf = StillRunning.class)
  public String poll() {
    return attempts.incrementAndGet() < 3 ? "running" : "done";
  }

  /** Always running: the caller gets the last result. */
  @Retry(maxAttempts = 3, retryIf = StillRunning.class)
  public String stuck() {
    attempts.incrementAndGet();
    return "running";
  }

  @Retry(maxAttempts = 5, retryIf = StillRunning.class)
  public CompletableFuture<String> pollAsync() {
    return CompletableFuture.completedFuture(attempts.incrementAndGet() < 3 ? "running" : "done");
  }

  /** Always fails; 100 ms between attempts, a 250 ms budget. */
  @Retry(maxAttempts = 10, delay = "100ms", maxDuration = "250ms")
  public String budgeted() throws IOException {
    throw new IOException("attempt " + attempts.incrementAndGet());
  }

  /** The order: a cache hit skips the timeout and the limit. */
  @Timed
  @Cached
  @Timeout("10s")
  @ConcurrencyLimit(value = 1)
  public String cachedForward(String in) {
    attempts.incrementAndGet();
    return in.toUpperCase();
  }
}
