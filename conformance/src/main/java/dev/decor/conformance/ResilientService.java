package dev.decor.conformance;

import dev.decor.Batched;
import dev.decor.Cached;
import dev.decor.CircuitBreaker;
import dev.decor.Fallback;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.grad.GradMode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code @CircuitBreaker} and {@code @Fallback} fixtures: a dependency that fails while
 * {@link #down} is set (with an {@code IOException}), methods guarded by a breaker, falling back,
 * or both, stacked with every other decorator, asynchronous and batched. Each body counts its runs;
 * each fallback records the failure it was given.
 */
public class ResilientService {
  public volatile boolean down;
  public final AtomicInteger runs = new AtomicInteger();
  public final List<Throwable> fallbackFailures = new CopyOnWriteArrayList<>();
  public final List<Boolean> gradInBody = new CopyOnWriteArrayList<>();

  private String dependency(String key) throws IOException {
    runs.incrementAndGet();
    if (down) {
      throw new IOException("store down: " + key);
    }
    return "value:" + key;
  }

  /** A breaker alone: four calls, half of them failed, open it for five seconds. */
  @CircuitBreaker(window = 4, failureRate = 50, openFor = "5s", halfOpenCalls = 2)
  public String get(String key) throws IOException {
    return dependency(key);
  }

  /** A breaker shared with {@link #put}, by name. */
  @CircuitBreaker(window = 2, failureRate = 50, openFor = "1m", name = "ResilientService.store")
  public String read(String key) throws IOException {
    return dependency(key);
  }

  @CircuitBreaker(window = 2, failureRate = 50, openFor = "1m", name = "ResilientService.store")
  public void put(String key) throws IOException {
    dependency(key);
  }

  /** Every failure, the breaker's refusal included, falls back to {@link #cached}. */
  @Fallback(method = "cached")
  @CircuitBreaker(window = 2, failureRate = 50, openFor = "1m")
  public String predict(String input) throws IOException {
    return dependency(input);
  }

  String cached(String input, Throwable failure) {
    fallbackFailures.add(failure);
    return "cached:" + input;
  }

  /** Falls back only on the breaker's refusal; the dependency's own failure reaches the caller. */
  @Fallback(method = "refused", on = CallNotPermittedException.class)
  @CircuitBreaker(window = 1, openFor = "1m")
  public String guarded(String key) throws IOException {
    return dependency(key);
  }

  protected String refused(String key) {
    return "refused:" + key;
  }

  /** A deadline: the body raises what a {@code @Timeout} would. */
  @Fallback(method = "late", on = TimeoutException.class)
  public String deadline(String key) throws TimeoutException {
    runs.incrementAndGet();
    throw new TimeoutException("deadline passed for " + key);
  }

  public String late(String key, TimeoutException failure) {
    fallbackFailures.add(failure);
    return "late:" + key;
  }

  /** A primitive result and a fallback without the failure parameter. */
  @Fallback(method = "none")
  public int count(String key) {
    runs.incrementAndGet();
    throw new IllegalStateException("cannot count " + key);
  }

  int none(String key) {
    return -1;
  }

  /** An Error never falls back. */
  @Fallback(method = "none")
  public int crash(String key) {
    throw new AssertionError("broken");
  }

  /** Asynchronous: the stage's failure falls back to a stage. */
  @Fallback(method = "later", on = IOException.class)
  @CircuitBreaker(window = 2, openFor = "1m")
  public CompletableFuture<String> fetchAsync(String key) {
    runs.incrementAndGet();
    return down ? CompletableFuture.failedFuture(new IOException("store down: " + key))
        : CompletableFuture.completedFuture("value:" + key);
  }

  CompletionStage<String> later(String key, IOException failure) {
    fallbackFailures.add(failure);
    return CompletableFuture.completedFuture("later:" + key);
  }

  /** Every decorator that can stack, in the wrong order on purpose. */
  @NoGrad
  @CircuitBreaker(window = 10, openFor = "1m")
  @Retry(maxAttempts = 2)
  @Cached(name = "ResilientService.stacked")
  @Fallback(method = "cached")
  @Timed
  public String stacked(String input) throws IOException {
    gradInBody.add(GradMode.isEnabled());
    return dependency(input);
  }

  /** A batched item method that falls back when its batch fails. */
  @Batched(method = "labelAll", maxSize = 4, maxWait = "1ms")
  @Fallback(method = "unlabeled")
  public String label(Integer x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  public List<String> labelAll(List<Integer> xs) {
    if (down) {
      throw new IllegalStateException("batch failed");
    }
    List<String> labels = new ArrayList<>();
    xs.forEach(x -> labels.add("label:" + x));
    return labels;
  }

  String unlabeled(Integer x, Throwable failure) {
    return "unlabeled:" + x;
  }

  /**
   * Called only by the cold-start test on platform threads: its chain binds to that test's engine
   * under the racing calls.
   */
  @Fallback(method = "cold")
  @CircuitBreaker(window = 100)
  public String coldStart(String key) throws IOException {
    return dependency(key);
  }

  /** As {@link #coldStart}, for the cold start on virtual threads. */
  @Fallback(method = "cold")
  @CircuitBreaker(window = 100)
  public String coldStartVirtual(String key) throws IOException {
    return dependency(key);
  }

  String cold(String key) {
    return "cold:" + key;
  }
}
