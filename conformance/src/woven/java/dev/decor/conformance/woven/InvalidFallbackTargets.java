package dev.decor.conformance.woven;

import dev.decor.Batched;
import dev.decor.CircuitBreaker;
import dev.decor.Fallback;
import dev.decor.Timed;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code @Fallback}/{@code @CircuitBreaker} uses the processor rejects at compile time; woven,
 * each fails on its first call with the processor's message and its body never runs.
 */
public class InvalidFallbackTargets {
  public final AtomicInteger bodyRuns = new AtomicInteger();

  /** A CompletableFuture subtype: decor completes its own CompletableFuture instead. */
  public static class MyFuture<T> extends CompletableFuture<T> {}

  @Fallback(method = "nowhere")
  public String missing(String key) {
    bodyRuns.incrementAndGet();
    return key;
  }

  @Fallback(method = "otherParameters")
  public String wrongParameters(String key) {
    bodyRuns.incrementAndGet();
    return key;
  }

  String otherParameters(Integer key) {
    return "";
  }

  @Fallback(method = "twice")
  public String ambiguous(String key) {
    bodyRuns.incrementAndGet();
    return key;
  }

  String twice(String key) {
    return "";
  }

  String twice(String key, Throwable failure) {
    return "";
  }

  @Fallback(method = "onInstance")
  public static String staticMismatch(String key) {
    return key;
  }

  String onInstance(String key) {
    return "";
  }

  @Fallback(method = "narrow")
  public String narrowFailure(String key) {
    bodyRuns.incrementAndGet();
    return key;
  }

  String narrow(String key, IOException failure) {
    return "";
  }

  @Fallback(method = "number")
  public String wrongReturn(String key) {
    bodyRuns.incrementAndGet();
    return key;
  }

  Integer number(String key) {
    return 1;
  }

  @Fallback(method = "timedFallback")
  public String decoratedFallback(String key) {
    bodyRuns.incrementAndGet();
    return key;
  }

  @Timed
  public String timedFallback(String key) {
    return "";
  }

  @Fallback(method = "nowhere", on = OutOfMemoryError.class)
  public String fallsBackOnAnError(String key) {
    bodyRuns.incrementAndGet();
    return key;
  }

  @CircuitBreaker(failureRate = 0)
  public String badRate(String key) {
    bodyRuns.incrementAndGet();
    return key;
  }

  @CircuitBreaker
  public MyFuture<String> breakerFuture() {
    bodyRuns.incrementAndGet();
    return new MyFuture<>();
  }

  @Batched(method = "all")
  @CircuitBreaker
  public String batchedBreaker(Integer x) {
    bodyRuns.incrementAndGet();
    return "";
  }

  public List<String> all(List<Integer> xs) {
    bodyRuns.incrementAndGet();
    return List.of();
  }
}
