package dev.decor.conformance;

import dev.decor.Cached;
import dev.decor.CircuitBreaker;
import dev.decor.ConcurrencyLimit;
import dev.decor.Fallback;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.Timeout;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Annotated methods whose values configuration overrides (docs/configuration.md): the suite sets
 * system properties, builds an engine, and checks that each front end runs the overridden values.
 */
public class ConfiguredService {
  private volatile int failures;
  public final AtomicInteger attempts = new AtomicInteger();
  public final AtomicInteger computed = new AtomicInteger();

  /** Makes the first {@code n} attempts of {@link #flaky} fail. */
  public ConfiguredService failFirst(int n) {
    this.failures = n;
    return this;
  }

  /** Two attempts by its annotation; configuration may allow more. */
  @Retry(maxAttempts = 2)
  public int flaky() {
    int n = attempts.incrementAndGet();
    if (n <= failures) {
      throw new IllegalStateException("attempt " + n + " failed");
    }
    return n;
  }

  @Timed
  public int timed() {
    return 1;
  }

  /** A cache and a limit, whose values configuration may change or switch off. */
  @Cached(maxSize = 16)
  @ConcurrencyLimit(value = 2, maxWait = "0ms")
  public String square(int x) {
    computed.incrementAndGet();
    return Integer.toString(x * x);
  }

  // Each resilience decorator alone on a synchronous method: the front ends run these bodies
  // between the chain's hooks (a fast shape), which must follow configuration as invoke does.

  /** Retries a result below 3. */
  public static final class BelowThree implements Predicate<Integer> {
    @Override
    public boolean test(Integer result) {
      return result < 3;
    }
  }

  /** Returns 50 ms after it starts, 50 times its deadline (a spin on the clock, not a sleep). */
  @Timeout("1ms")
  public int late() {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    return 1;
  }

  /** One caller at a time, none waiting; holds its permit until {@code release} opens. */
  @ConcurrencyLimit(value = 1, maxWait = "0ms")
  public int admitted(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
    return pass(entered, release);
  }

  /** Opens at half of two calls failing; fails with {@code failure} unless it is null. */
  @CircuitBreaker(window = 2, failureRate = 50, openFor = "1m")
  public int guarded(CountDownLatch entered, CountDownLatch release, IOException failure)
      throws IOException, InterruptedException {
    pass(entered, release);
    if (failure != null) {
      throw failure;
    }
    return 1;
  }

  @Fallback(method = "answer")
  public int fallible() {
    throw new IllegalStateException("fallible failed");
  }

  int answer() {
    return -1;
  }

  /** The attempt's number: three attempts by its predicate. */
  @Retry(maxAttempts = 5, retryIf = BelowThree.class)
  public int judged() {
    return attempts.incrementAndGet();
  }

  private static int pass(CountDownLatch entered, CountDownLatch release)
      throws InterruptedException {
    entered.countDown();
    release.await();
    return 1;
  }
}
