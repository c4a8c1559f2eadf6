package dev.decor.conformance.woven;

import dev.decor.ConcurrencyLimit;
import dev.decor.Retry;
import dev.decor.Timeout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code @Timeout}, {@code @ConcurrencyLimit} and {@code @Retry(retryIf)} uses the processor
 * rejects at compile time; woven, each fails on its first call with the processor's message, its
 * body never run. (Left out of {@code decor:check}, as the other {@code Invalid*} targets.)
 */
public class InvalidTimeoutLimitTargets {
  public final AtomicInteger bodyRuns = new AtomicInteger();

  /** Judges numbers. */
  public static final class Negative implements Predicate<Number> {
    @Override
    public boolean test(Number n) {
      return n.doubleValue() < 0;
    }
  }

  /** A CompletableFuture subtype: decor completes its own CompletableFuture instead. */
  public static class MyFuture<T> extends CompletableFuture<T> {}

  @Timeout("0ms")
  public String zeroTimeout() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Timeout("1s")
  public MyFuture<String> timedFuture() {
    bodyRuns.incrementAndGet();
    return new MyFuture<>();
  }

  @Retry(retryIf = Negative.class)
  public String judgedWrongly() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @ConcurrencyLimit(value = 2, group = "woven-gpu")
  public String forward() {
    bodyRuns.incrementAndGet();
    return "forward";
  }

  @ConcurrencyLimit(value = 3, group = "woven-gpu")
  public String embed() {
    bodyRuns.incrementAndGet();
    return "embed";
  }
}
