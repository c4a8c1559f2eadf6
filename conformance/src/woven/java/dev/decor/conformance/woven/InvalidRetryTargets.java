package dev.decor.conformance.woven;

import dev.decor.Cached;
import dev.decor.Retry;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code @Retry}/{@code @Cached} uses the processor rejects at compile time (an Error in
 * {@code retryOn}, a CompletableFuture subtype as the result); woven, each fails on its first
 * call with the processor's message and its body never runs.
 */
public class InvalidRetryTargets {
  public final AtomicInteger bodyRuns = new AtomicInteger();

  /** A CompletableFuture subtype: decor completes its own CompletableFuture instead. */
  public static class MyFuture<T> extends CompletableFuture<T> {}

  @Retry(retryOn = {IOException.class, OutOfMemoryError.class})
  public String retriesAnError() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Retry
  public MyFuture<String> retriedFuture() {
    bodyRuns.incrementAndGet();
    return new MyFuture<>();
  }

  @Cached
  public MyFuture<String> cachedFuture() {
    bodyRuns.incrementAndGet();
    return new MyFuture<>();
  }
}
