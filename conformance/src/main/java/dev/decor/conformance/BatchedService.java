package dev.decor.conformance;

import dev.decor.Batched;
import dev.decor.Cached;
import dev.decor.NoGrad;
import dev.decor.Timed;
import dev.decor.grad.GradMode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * {@code @Batched} fixtures: single-item methods of every shape, all answered by
 * {@link #squareAll}, which records each batch, its thread and its grad mode. A negative item
 * fails its whole batch; item 999 makes the batch method return one result too few; while
 * {@link #gate} is set, each batch waits for it after counting down {@link #started}.
 */
public class BatchedService {
  public final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
  public final List<String> threads = new CopyOnWriteArrayList<>();
  /** The thread that ran the latest batch. */
  public volatile Thread worker;
  public final List<Boolean> gradEnabled = new CopyOnWriteArrayList<>();
  public volatile CountDownLatch gate;
  public volatile CountDownLatch started = new CountDownLatch(1);

  /** Full batches only: goes at 4 items. */
  @Batched(method = "squareAll", maxSize = 4, maxWait = "1h")
  public CompletableFuture<Integer> squareInFours(Integer x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** A lone item waits 50 ms for company. */
  @Batched(method = "squareAll", maxSize = 100, maxWait = "50ms")
  public CompletableFuture<Integer> squareSoon(Integer x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** Eager: an item that finds the batcher idle goes at once; others wait for a pair. */
  @Batched(method = "squareAll", maxSize = 2, maxWait = "1h", eager = true)
  public CompletableFuture<Integer> squareEager(Integer x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** One item per batch, two waiting at most. */
  @Batched(method = "squareAll", maxSize = 1, maxWait = "0ms", queueCapacity = 2)
  public CompletableFuture<Integer> squareBounded(Integer x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** Synchronous, for many caller threads. */
  @Batched(method = "squareAll", maxSize = 8, maxWait = "2ms", maxConcurrency = 2,
      queueCapacity = 100_000)
  public Integer square(Integer x) throws InterruptedException {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** Timed and cached in front of the batch; a primitive item and result. */
  @Timed
  @Cached
  @Batched(method = "squareAll", maxWait = "0ms")
  public int squareCached(int x) throws InterruptedException {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** Its batch method's checked exception, declared here too, reaches the caller as it is. */
  @Batched(method = "loadAll", maxSize = 1, maxWait = "0ms")
  public String load(Integer x) throws IOException {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  public List<String> loadAll(List<Integer> xs) throws IOException {
    for (int x : xs) {
      if (x < 0) {
        throw new FileNotFoundException("no item " + x);
      }
    }
    return xs.stream().map(String::valueOf).toList();
  }

  /** A primitive result, which its batch method answers with null for an odd item. */
  @Batched(method = "halfAll", maxSize = 1, maxWait = "0ms")
  public int half(int x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  public List<Integer> halfAll(List<Integer> xs) {
    List<Integer> out = new ArrayList<>(xs.size());
    for (int x : xs) {
      out.add(x % 2 == 0 ? x / 2 : null);
    }
    return out;
  }

  /** Its batch method calls it again for each item above zero: a sum down to zero. */
  @Batched(method = "sumDownAll", maxSize = 4, maxWait = "0ms")
  public Integer sumDown(Integer x) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  public List<Integer> sumDownAll(List<Integer> xs) {
    batches.add(List.copyOf(xs));
    threads.add(Thread.currentThread().getName());
    List<Integer> out = new ArrayList<>(xs.size());
    for (int x : xs) {
      out.add(x <= 0 ? 0 : x + sumDown(x - 1));
    }
    return out;
  }

  @NoGrad
  public List<Integer> squareAll(List<Integer> xs) throws InterruptedException {
    batches.add(List.copyOf(xs));
    threads.add(Thread.currentThread().getName());
    worker = Thread.currentThread();
    gradEnabled.add(GradMode.isEnabled());
    CountDownLatch g = gate;
    if (g != null) {
      started.countDown();
      g.await();
    }
    List<Integer> out = new ArrayList<>(xs.size());
    for (int x : xs) {
      if (x < 0) {
        throw new IllegalStateException("negative item " + x);
      }
      out.add(x * x);
    }
    return xs.contains(999) ? out.subList(1, out.size()) : out;
  }
}
