package dev.decor.batch;

import dev.decor.PartialBatchFailure;
import dev.decor.spec.BatchedSpec;
import dev.decor.internal.Messages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Dynamic batching for one batch method — Ray Serve's {@code @serve.batch}: single items go into
 * a bounded queue, and decor-owned platform worker threads ({@code decor-batch-<name>-N}, daemon)
 * call the batch method once per batch, answering each item's future with the result at its
 * index. What {@code Decor.batch} returns and what {@code @Batched} runs on.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A batch holds at most {@code maxSize} items and goes when full, or when {@code maxWait}
 *       has passed since its first item was queued. {@code eager}: at once when its first item
 *       found the batcher idle (nothing queued, no batch running) — waiting then only delays a
 *       lone caller; items that arrive while a batch runs still wait.</li>
 *   <li>At most {@code maxConcurrency} batches run at once (one per worker thread); workers start
 *       on demand and end after a minute idle.</li>
 *   <li>At most {@code queueCapacity} items wait; one more is rejected at once with
 *       {@code [decor/BatchQueueFull]} (a failed future, or thrown by {@link #apply}).</li>
 *   <li>An item whose future is done (cancelled) before dispatch is dropped.</li>
 *   <li>A result list of the wrong size fails every item ({@code [decor/BatchResultSize]}); any
 *       throwable from the batch method, {@link Error}s included, fails every item with it,
 *       except {@link PartialBatchFailure}, which fails only the items it lists (one naming an
 *       index outside the batch fails every item, {@code [decor/BatchFailureIndex]}, as does null
 *       for a primitive result, {@code [decor/BatchNullResult]}). A worker survives
 *       both, and an interrupt; a worker that dies anyway is replaced while items wait.</li>
 *   <li>An item submitted by this batcher's own batch method (on its worker) runs at once, there,
 *       as a batch of one: queued, it would wait for the worker that waits for it.</li>
 *   <li>{@code Decor.close} dispatches what is queued at once, waits for the batches, then fails
 *       anything left with {@code [decor/BatchShutdown]}; later items are rejected the same way.</li>
 * </ul>
 * So no caller waits forever unless a batch method never returns and the engine is never closed.
 * Item futures are completed on the worker thread: keep their callbacks short, or use
 * {@code …Async} stages.
 *
 * <p>Micrometer, in the engine's registry, tag {@code name}: {@code decor.batch.size}
 * (distribution), {@code decor.batch.queue.wait} (timer, per item), {@code decor.batch.items}
 * (counter), {@code decor.batch.rejections} (counter).
 *
 * <p>Thread-safe: one lock guards the queue and the worker set; the batch method runs outside it.
 *
 * @param <In> the item type
 * @param <Out> the result type
 */
public final class Batcher<In, Out> implements Function<In, Out> {
  private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final String name;
  /** The batch method for {@code Decor.batch}; null where each item brings its receiver's. */
  private final BatchMethod<In, Out> method;
  /** Under the lock: live settings ({@link #tune}). */
  private int maxSize;
  private long maxWaitNanos;
  private final int maxConcurrency;
  private final int capacity;
  private final boolean eager;
  /** The primitive result type of the batched method (null cannot answer it), else null. */
  private final String primitiveResult;
  private final DistributionSummary sizes;
  private final Timer queueWait;
  private final Counter items;
  private final Counter rejections;

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a waiting worker may have something to do. */
  private final Condition ready = lock.newCondition();
  /** Signalled when a worker ends, for {@link #awaitClosed}. */
  private final Condition ended = lock.newCondition();
  private final ArrayDeque<Item<In, Out>> queue = new ArrayDeque<>();
  private final Set<List<Item<In, Out>>> inFlight =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Thread> workers = new java.util.HashSet<>();
  private int idle;
  private int threadNumber;
  private boolean closed;

  Batcher(String name, BatchedSpec spec, BatchMethod<In, Out> method, Class<?> resultType,
      MeterRegistry registry) {
    this.name = Objects.requireNonNull(name, "name");
    this.method = method;
    this.primitiveResult = resultType.isPrimitive() ? resultType.getName() : null;
    this.maxSize = spec.maxSize();
    this.maxWaitNanos = spec.maxWaitDuration().toNanos();
    this.maxConcurrency = spec.maxConcurrency();
    this.capacity = spec.queueCapacity();
    this.eager = spec.eager();
    this.sizes = DistributionSummary.builder("decor.batch.size").tag("name", name)
        .description("items per batch").publishPercentileHistogram().register(registry);
    this.queueWait = Timer.builder("decor.batch.queue.wait").tag("name", name)
        .description("time an item waited for its batch to start").register(registry);
    this.items = Counter.builder("decor.batch.items").tag("name", name)
        .description("items dispatched in batches").register(registry);
    this.rejections = Counter.builder("decor.batch.rejections").tag("name", name)
        .description("items rejected by a full queue or a closed engine").register(registry);
  }

  /** The name in metrics, thread names and messages. */
  public String name() {
    return name;
  }

  /**
   * Queues {@code item}; the future completes with its result, fails with what its batch threw,
   * or — full queue or closed engine — is already failed with {@link RejectedExecutionException}.
   * Cancel it to drop the item before dispatch.
   */
  public CompletableFuture<Out> submit(In item) {
    return submit(item, method);
  }

  /** Queues {@code item} and waits for its result: {@link #submit}, then {@link #await}. */
  @Override
  public Out apply(In item) {
    try {
      return await(submit(item));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new UndeclaredThrowableException(t);
    }
  }

  /** {@link #submit} as a function, for code that wants one. */
  public Function<In, CompletableFuture<Out>> async() {
    return this::submit;
  }

  CompletableFuture<Out> submit(In value, BatchMethod<In, Out> batchMethod) {
    Item<In, Out> item = new Item<>(value, batchMethod, System.nanoTime());
    if (Thread.currentThread() instanceof Worker w && w.batcher == this) {
      return runInline(item);
    }
    lock.lock();
    try {
      if (closed) {
        return rejected(item, Messages.batchShutdown(name));
      }
      if (queue.size() >= capacity) {
        queue.removeIf(Item::isDone);
        if (queue.size() >= capacity) {
          return rejected(item, Messages.batchQueueFull(name, capacity));
        }
      }
      item.atOnce = eager && queue.isEmpty() && inFlight.isEmpty();
      queue.addLast(item);
      if (idle > 0) {
        if (queue.size() == 1 || queue.size() >= maxSize) {
          ready.signal();
        }
      } else if (workers.size() < maxConcurrency) {
        Throwable failed = startWorker();
        if (failed != null && workers.isEmpty()) {
          queue.remove(item);
          item.completeExceptionally(failed);
        }
      }
    } finally {
      lock.unlock();
    }
    return item;
  }

  private CompletableFuture<Out> rejected(Item<In, Out> item, String message) {
    rejections.increment();
    item.completeExceptionally(new RejectedExecutionException(message));
    return item;
  }

  /**
   * Waits for {@code future} (from {@link #submit}) as a synchronous caller does: its result, or
   * exactly the throwable its batch failed it with. An interrupt cancels the item (dropped if not
   * yet dispatched), keeps the thread's interrupt status and throws
   * {@link CancellationException} ({@code [decor/BatchInterrupted]}).
   */
  public Out await(CompletableFuture<Out> future) throws Throwable {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new CancellationException(Messages.batchInterrupted(name));
    }
  }

  /** Under the lock: starts one more worker; the throwable if the thread could not start. */
  private Throwable startWorker() {
    Thread t = new Worker(this, "decor-batch-" + name + "-" + (++threadNumber));
    t.setDaemon(true);
    workers.add(t);
    try {
      t.start();
      return null;
    } catch (Throwable e) {
      workers.remove(t);
      return e;
    }
  }

  private void work() {
    try {
      while (runNext()) {
        // each batch in a frame of its own: a waiting worker holds no finished batch (whose
        // items' batch method would keep their receiver reachable)
      }
    } finally {
      lock.lock();
      try {
        workers.remove(Thread.currentThread());
        if (!queue.isEmpty() && workers.size() < maxConcurrency) {
          startWorker(); // replaces a worker that died while items wait
        }
        ended.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Takes and runs the next batch; false when this worker should end. */
  private boolean runNext() {
    List<Item<In, Out>> batch = take();
    if (batch == null) {
      return false;
    }
    run(batch);
    return true;
  }

  /** The next batch, waiting as the rules say; null when this worker should end. */
  private List<Item<In, Out>> take() {
    lock.lock();
    try {
      long idleUntil = System.nanoTime() + KEEP_ALIVE_NANOS;
      while (true) {
        Item<In, Out> head = queue.peekFirst();
        while (head != null && head.isDone()) {
          queue.pollFirst();
          head = queue.peekFirst();
        }
        long waitNanos;
        if (head == null) {
          if (closed) {
            return null;
          }
          waitNanos = idleUntil - System.nanoTime();
          if (waitNanos <= 0) {
            return null;
          }
        } else {
          waitNanos = closed || head.atOnce || queue.size() >= maxSize
              ? 0 : head.arrival + maxWaitNanos - System.nanoTime();
          if (waitNanos <= 0) {
            List<Item<In, Out>> batch = new ArrayList<>(Math.min(maxSize, queue.size()));
            while (batch.size() < maxSize && !queue.isEmpty()) {
              Item<In, Out> next = queue.pollFirst();
              if (!next.isDone()) {
                batch.add(next);
              }
            }
            if (!queue.isEmpty()) {
              if (idle > 0) {
                ready.signal();
              } else if (workers.size() < maxConcurrency) {
                startWorker();
              }
            }
            inFlight.add(batch);
            return batch;
          }
        }
        idle++;
        try {
          ready.awaitNanos(waitNanos);
        } catch (InterruptedException e) {
          // A stray interrupt does not end a worker; close() ends them through `closed`.
        } finally {
          idle--;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Calls the batch method for {@code batch} and answers every item, whatever happens. The batch
   * stops counting as running before its items are answered: a caller answered by it that
   * queues again at once finds the batcher idle ({@code eager}).
   */
  private void run(List<Item<In, Out>> batch) {
    try {
      Outcome outcome;
      try {
        outcome = call(batch);
      } finally {
        lock.lock();
        try {
          inFlight.remove(batch);
        } finally {
          lock.unlock();
        }
      }
      settle(batch, outcome);
    } finally {
      // An interrupt aimed at this batch, or raised by a caller's dependent stage that answering
      // ran here, does not carry over to the next batch.
      Thread.interrupted();
    }
  }

  /**
   * An item that this batcher's own batch method submitted, on one of its workers: a batch of one,
   * run here and now. Queued, it would wait for a worker — this one, busy waiting for it — so
   * its caller, the batch around it and every later item would hang. It runs inside the batch
   * that called it (no other worker, so {@code maxConcurrency} still holds), and the worker's
   * interrupt status is left to that batch.
   */
  private CompletableFuture<Out> runInline(Item<In, Out> item) {
    List<Item<In, Out>> batch = List.of(item);
    settle(batch, call(batch));
    return item;
  }

  /** What a batch method did: results, and the failures of a partial failure; or its throwable. */
  private record Outcome(List<?> results, Map<Integer, Throwable> failures, Throwable failed) {}

  /** Records the batch's metrics and calls its batch method, catching whatever it throws. */
  private Outcome call(List<Item<In, Out>> batch) {
    try {
      int n = batch.size();
      long now = System.nanoTime();
      List<In> values = new ArrayList<>(n);
      for (Item<In, Out> item : batch) {
        values.add(item.value);
        queueWait.record(now - item.arrival, TimeUnit.NANOSECONDS);
      }
      sizes.record(n);
      items.increment(n);
      try {
        return new Outcome(batch.get(0).method.call(Collections.unmodifiableList(values)),
            Map.of(), null);
      } catch (PartialBatchFailure partial) {
        return new Outcome(partial.results(), partial.failures(), null);
      }
    } catch (Throwable t) {
      return new Outcome(null, Map.of(), t);
    }
  }

  /** Answers every item of {@code batch} from {@code outcome}, or fails them all. */
  private void settle(List<Item<In, Out>> batch, Outcome outcome) {
    Throwable failed = outcome.failed();
    try {
      if (failed == null) {
        answer(batch, outcome.results(), outcome.failures());
      }
    } catch (Throwable t) {
      failed = t;
    }
    if (failed != null) {
      for (Item<In, Out> item : batch) {
        item.completeExceptionally(failed);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void answer(List<Item<In, Out>> batch, List<?> results,
      Map<Integer, Throwable> failures) {
    String broken = results == null || results.size() != batch.size()
        ? Messages.batchResultSize(name, batch.size(),
            results == null ? "null" : results.size() + " results")
        : broken(results, failures);
    if (broken != null) {
      IllegalStateException e = new IllegalStateException(broken);
      for (Item<In, Out> item : batch) {
        item.completeExceptionally(e);
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      Throwable failure = failures.get(i);
      if (failure != null) {
        batch.get(i).completeExceptionally(failure);
      } else {
        batch.get(i).complete((Out) results.get(i));
      }
    }
  }

  /**
   * What breaks the contract in results of the right size: a partial failure naming an item the
   * batch does not have, or null for a method whose result is primitive. Null if nothing does.
   */
  private String broken(List<?> results, Map<Integer, Throwable> failures) {
    if (!failures.isEmpty()) {
      for (int index : failures.keySet()) {
        if (index < 0 || index >= results.size()) {
          return Messages.batchFailureIndex(name, index, results.size());
        }
      }
    }
    if (primitiveResult != null) {
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) == null && !failures.containsKey(i)) {
          return Messages.batchNullResult(name, i, primitiveResult);
        }
      }
    }
    return null;
  }

  /**
   * Changes the batch size and wait from the next batch on (null: unchanged): a worker waiting
   * for a batch to fill re-reads both at once. Items already taken keep their batch; nothing
   * queued is lost or answered twice. Part of {@code Decor.tune}.
   */
  void tune(Integer maxSize, Long maxWaitNanos) {
    lock.lock();
    try {
      if (maxSize != null) {
        this.maxSize = maxSize;
      }
      if (maxWaitNanos != null) {
        this.maxWaitNanos = maxWaitNanos;
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops taking items; queued ones are dispatched at once. Part of {@code Decor.close}. */
  void shutdown() {
    lock.lock();
    try {
      closed = true;
      if (!queue.isEmpty() && workers.isEmpty()) {
        startWorker();
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * After {@link #shutdown}: waits until {@code deadline} (a {@link System#nanoTime}) for the
   * workers to finish, then fails every item still queued or running with
   * {@code [decor/BatchShutdown]} and interrupts the workers left.
   */
  void awaitClosed(long deadline) {
    List<Item<In, Out>> left = new ArrayList<>();
    List<Thread> stuck;
    lock.lock();
    try {
      long wait;
      while (!workers.isEmpty() && (wait = deadline - System.nanoTime()) > 0) {
        try {
          ended.awaitNanos(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      left.addAll(queue);
      queue.clear();
      inFlight.forEach(left::addAll);
      stuck = new ArrayList<>(workers);
    } finally {
      lock.unlock();
    }
    if (!left.isEmpty()) {
      IllegalStateException e = new IllegalStateException(Messages.batchShutdown(name));
      for (Item<In, Out> item : left) {
        item.completeExceptionally(e);
      }
    }
    stuck.forEach(Thread::interrupt);
  }

  @Override
  public String toString() {
    int maxSize;
    long maxWaitNanos;
    lock.lock();
    try {
      maxSize = this.maxSize;
      maxWaitNanos = this.maxWaitNanos;
    } finally {
      lock.unlock();
    }
    return "Batched[" + name + ", maxSize=" + maxSize + ", maxWait="
        + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + "ms, maxConcurrency=" + maxConcurrency
        + ", queueCapacity=" + capacity + (eager ? ", eager" : "") + "]";
  }

  /** A worker thread, which knows its batcher ({@link #submit} from its own batch method). */
  private static final class Worker extends Thread {
    final Batcher<?, ?> batcher;

    Worker(Batcher<?, ?> batcher, String name) {
      super(name);
      this.batcher = batcher;
    }

    @Override
    public void run() {
      batcher.work();
    }
  }

  /** One queued item: its value, its receiver's batch method, and its own future. */
  private static final class Item<In, Out> extends CompletableFuture<Out> {
    final In value;
    final BatchMethod<In, Out> method;
    final long arrival;
    /** Under the lock: found the batcher idle, with {@code eager}: its batch goes at once. */
    boolean atOnce;

    Item(In value, BatchMethod<In, Out> method, long arrival) {
      this.value = value;
      this.method = method;
      this.arrival = arrival;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }
}
