package dev.decor.conformance;

import dev.decor.Batched;
import dev.decor.Timeout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * {@code @Batched} scheduler fixtures (issue 25): deadlines, priorities, cost and preferred sizes.
 * {@link #echoAll} records each batch; an item {@code "hold"} keeps its batch running until
 * {@link #release} opens, after counting down {@link #running}.
 */
public class SchedulingService {
  public final List<List<String>> batches = new CopyOnWriteArrayList<>();
  public final CountDownLatch running = new CountDownLatch(1);
  public final CountDownLatch release = new CountDownLatch(1);

  /** Waits at most a second in the queue. */
  @Batched(method = "echoAll", maxWait = "1ms", queueTimeout = "1s")
  public CompletableFuture<String> withQueueTimeout(String item) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** The caller waits at most a second, queue included. */
  @Timeout("1s")
  @Batched(method = "echoAll", maxWait = "1ms")
  public String withCallerTimeout(String item) throws InterruptedException {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** One item per batch, so the order of dispatch shows; none starves while a batch is held. */
  @Batched(method = "echoAll", maxSize = 1, maxWait = "10s")
  public CompletableFuture<String> oneAtATime(String item) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** At most 10 characters a batch. */
  @Batched(method = "echoAll", maxSize = 32, maxWait = "1ms", maxCost = 10, cost = "length")
  public CompletableFuture<String> byLength(String item) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** Goes at 2 items (or 4) without waiting the hour. */
  @Batched(method = "echoAll", maxSize = 8, maxWait = "1h", preferredSizes = "2, 4")
  public CompletableFuture<String> preferringPairs(String item) {
    throw new AssertionError("the body of a @Batched method never runs");
  }

  /** The cost of an item: its length. */
  long length(String item) {
    return item.length();
  }

  public List<String> echoAll(List<String> items) throws InterruptedException {
    batches.add(List.copyOf(items));
    if (items.contains("hold")) {
      running.countDown();
      release.await();
    }
    return new ArrayList<>(items);
  }

  /** Every item dispatched, in order. */
  public List<String> seen() {
    List<String> all = new ArrayList<>();
    batches.forEach(all::addAll);
    return all;
  }
}
