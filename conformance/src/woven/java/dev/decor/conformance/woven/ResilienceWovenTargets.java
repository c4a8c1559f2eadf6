package dev.decor.conformance.woven;

import dev.decor.ConcurrencyLimit;
import dev.decor.Retry;
import dev.decor.Timeout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code @Timeout}, {@code @ConcurrencyLimit} and {@code @Retry(retryIf)} where only weaving
 * reaches (a private static method), and uses the processor rejects at compile time; woven, each
 * of those fails on its first call with the processor's message, its body never run.
 */
public class ResilienceWovenTargets {
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

  /** Calls a private static method that hangs; weaving bounds it. */
  public static String hangPrivately() throws InterruptedException {
    return hang();
  }

  @Timeout("50ms")
  private static String hang() throws InterruptedException {
    new CountDownLatch(1).await();
    return "never";
  }

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
