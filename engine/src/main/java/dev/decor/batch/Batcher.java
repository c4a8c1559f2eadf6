package dev.decor.batch;

import dev.decor.DeadlineExceededException;
import dev.decor.PartialBatchFailure;
import dev.decor.kernel.Deadline;
import dev.decor.spec.BatchedSpec;
import dev.decor.internal.Durations;
import dev.decor.internal.Messages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

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
 *   <li>An item whose future is done (cancelled) before dispatch is dropped. An item whose
 *       deadline ({@code queueTimeout}, its caller's {@code @Timeout}, or the timeout given to
 *       {@link #submit(Object, int, Duration)}) passes before dispatch is dropped too, failing
 *       with {@link DeadlineExceededException}; a batch goes before its earliest deadline.</li>
 *   <li>A batch takes the highest {@link BatchPriority} first, oldest first within a level; an
 *       item waiting {@value #STARVATION_FACTOR} × {@code maxWait} (or × the mean batch time, if
 *       longer) goes ahead of every level. It
 *       goes at once on reaching a {@code preferredSizes} size or {@code maxCost}, holds at most
 *       {@code maxCost} (an item over it alone), and at {@code maxWait} takes the largest
 *       preferred size queued. {@code adaptive}: goes once items stop coming — no arrival for four
 *       gaps inside a burst (at least a 32nd of a batch) since the last arrival or batch end —
 *       within {@code maxWait} of its first item or of the batch it queued behind; at once for
 *       a lone caller.</li>
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
 * (counter), {@code decor.batch.rejections} (counter), {@code decor.batch.queue.depth} (gauge),
 * {@code decor.batch.deadline.drops} (counter, tag {@code priority}),
 * {@code decor.batch.priority.wait} (timer per non-zero level); the spec's percentiles go on
 * {@code decor.batch.size} and {@code decor.batch.queue.wait}, its histogram and SLO buckets on
 * the queue wait. With an ObservationRegistry each batch is an Observation
 * ({@link BatchObservationContext}) in whose scope the batch method runs.
 *
 * <p>Thread-safe: one lock guards the queue and the worker set; the batch method runs outside it.
 *
 * @param <In> the item type
 * @param <Out> the result type
 */
public final class Batcher<In, Out> implements Function<In, Out> {
  private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);
  /**
   * A lower-priority item waiting this many times {@code maxWait} or the mean batch time,
   * whichever is longer, goes ahead of higher ones.
   */
  static final int STARVATION_FACTOR = 4;
  /** {@code adaptive}: a forming batch goes once no item has come for this many burst gaps. */
  static final int ADAPTIVE_QUIET = 4;
  /**
   * {@code adaptive}: the quiet wait is at least the mean batch time divided by this — what
   * waiting may cost the device (about 3%) against splitting a burst, which costs a whole batch.
   */
  static final int ADAPTIVE_FLOOR_DIVISOR = 32;
  /**
   * How much sooner than its earliest deadline a batch goes at least (or an eighth of that item's
   * whole allowance, if more): a worker may wake that late on a busy machine.
   */
  private static final long DEADLINE_GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final String name;
  /** The batch method for {@code Decor.batch}; null where each item brings its receiver's. */
  private final BatchMethod<In, Out> method;
  /** Under the lock: live settings ({@link #tune}). */
  private int maxSize;
  private long maxWaitNanos;
  private final int maxConcurrency;
  private final int capacity;
  private final boolean eager;
  /** 0: no limit of the batcher's own. Written under the lock ({@link #tune}). */
  private volatile long queueTimeoutNanos;
  private volatile String queueTimeoutText;
  /** Ascending; empty for none. Under the lock ({@link #tune}). */
  private int[] preferred;
  /** 0: no cost limit. Under the lock ({@link #tune}). */
  private long maxCost;
  /** Under the lock ({@link #tune}). */
  private boolean adaptive;
  /** {@link #costedBy}; null: each item costs 1 (or the {@code @Batched(cost)} method's). */
  private volatile ToLongFunction<? super In> costFunction;
  /** The clock a caller's {@link Deadline} is on (the engine's). */
  private final LongSupplier deadlineClock;
  /** The primitive result type of the batched method (null cannot answer it), else null. */
  private final String primitiveResult;
  private final MeterRegistry registry;
  private final DistributionSummary sizes;
  private final Timer queueWait;
  private final Counter items;
  private final Counter rejections;
  /** Where each batch is an Observation, or null (then none is made). */
  private final ObservationRegistry observations;

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a waiting worker may have something to do. */
  private final Condition ready = lock.newCondition();
  /** Signalled when a worker ends, for {@link #awaitClosed}. */
  private final Condition ended = lock.newCondition();
  /** Under the lock: one FIFO per priority level, highest first. */
  private final ArrayList<Level<In, Out>> levels = new ArrayList<>(2);
  /** Under the lock: items with a deadline, earliest first (dispatched or done ones lazily). */
  private final PriorityQueue<Item<In, Out>> byDeadline =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
  /** Under the lock: items queued, and their total cost. */
  private int queued;
  private long queuedCost;
  private final Set<List<Item<In, Out>>> inFlight =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Thread> workers = new java.util.HashSet<>();
  private int idle;
  private int threadNumber;
  private boolean closed;
  /**
   * Under the lock ({@code adaptive}): the last arrival; when the last batch ended (its callers
   * answered and free to come back); the mean gap between an arrival that finds items queued and
   * the arrival or batch end before it — the gap inside a burst, not the pauses between bursts,
   * which with closed-loop callers are the device's own time. {@code Long.MAX_VALUE}: none yet.
   */
  private long lastArrival = Long.MIN_VALUE;
  private long lastBatchEnd = Long.MIN_VALUE;
  private long burstGapNanos = Long.MAX_VALUE;
  /** The mean time of a batch method call, 0 before the first (a deadline's margin). */
  private volatile long meanBatchNanos;

  Batcher(String name, BatchedSpec spec, BatchMethod<In, Out> method, Class<?> resultType,
      MeterRegistry registry, ObservationRegistry observations, LongSupplier deadlineClock) {
    this.observations = observations;
    this.name = Objects.requireNonNull(name, "name");
    this.method = method;
    this.primitiveResult = resultType.isPrimitive() ? resultType.getName() : null;
    this.maxSize = spec.maxSize();
    this.maxWaitNanos = spec.maxWaitDuration().toNanos();
    this.maxConcurrency = spec.maxConcurrency();
    this.capacity = spec.queueCapacity();
    this.eager = spec.eager();
    Duration queueTimeout = spec.queueTimeoutDuration();
    this.queueTimeoutNanos = queueTimeout == null ? 0 : Math.max(1, queueTimeout.toNanos());
    this.queueTimeoutText = "its queueTimeout " + spec.queueTimeout();
    this.preferred = spec.preferredSizeList();
    this.maxCost = spec.maxCost();
    this.adaptive = spec.adaptive();
    this.deadlineClock = deadlineClock;
    this.registry = registry;
    DistributionSummary.Builder sizes = DistributionSummary.builder("decor.batch.size")
        .tag("name", name).description("items per batch").publishPercentileHistogram();
    Timer.Builder queueWait = Timer.builder("decor.batch.queue.wait").tag("name", name)
        .description("time an item waited for its batch to start");
    double[] percentiles = spec.percentileArray();
    if (percentiles.length > 0) {
      sizes.publishPercentiles(percentiles);
      queueWait.publishPercentiles(percentiles);
    }
    if (spec.histogram()) {
      queueWait.publishPercentileHistogram();
    }
    Duration[] slo = spec.sloDurations();
    if (slo.length > 0) {
      queueWait.serviceLevelObjectives(slo);
    }
    this.sizes = sizes.register(registry);
    this.queueWait = queueWait.register(registry);
    this.items = Counter.builder("decor.batch.items").tag("name", name)
        .description("items dispatched in batches").register(registry);
    this.rejections = Counter.builder("decor.batch.rejections").tag("name", name)
        .description("items rejected by a full queue or a closed engine").register(registry);
    level(0).drops(); // shown from the start, at 0, where most items are
  }

  /** The name in metrics, thread names and messages. */
  public String name() {
    return name;
  }

  /**
   * Queues {@code item}; the future completes with its result, fails with what its batch threw,
   * or — full queue or closed engine — is already failed with {@link RejectedExecutionException}.
   * Cancel it to drop the item before dispatch. Its priority is the calling thread's
   * {@link BatchPriority} (0 outside one); its deadline the earliest of {@code queueTimeout} and
   * the caller's {@code @Timeout}.
   */
  public CompletableFuture<Out> submit(In item) {
    return submit(item, method, BatchPriority.current(), Deadline.NONE, null);
  }

  /**
   * Measures each item's cost with {@code cost} (tokens, pixels) for {@code maxCost}, on the
   * submitting thread; {@code Decor.batch}'s counterpart of {@code @Batched(cost)}. Without one,
   * each item costs 1. Set it before the first item.
   */
  public Batcher<In, Out> costedBy(ToLongFunction<? super In> cost) {
    this.costFunction = Objects.requireNonNull(cost, "cost");
    return this;
  }

  /**
   * {@link #submit(Object)} with a priority (higher goes first) and a limit on how long the item
   * may wait for its batch to start ({@code null}: only {@code queueTimeout} and the caller's
   * {@code @Timeout} bound it). An item not dispatched in time fails with
   * {@link dev.decor.DeadlineExceededException} and is never dispatched.
   */
  public CompletableFuture<Out> submit(In item, int priority, Duration timeout) {
    long nanos = Deadline.NONE;
    if (timeout != null) {
      nanos = timeout.isNegative() ? 0 : Math.max(1, Durations.saturatedNanos(timeout));
    }
    return submit(item, method, priority, nanos,
        timeout == null ? null : "its timeout " + timeout);
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

  CompletableFuture<Out> submit(In value, BatchMethod<In, Out> batchMethod, long cost) {
    Item<In, Out> item = submit(value, batchMethod, BatchPriority.current(), Deadline.NONE, null,
        cost);
    return item;
  }

  private CompletableFuture<Out> submit(In value, BatchMethod<In, Out> batchMethod, int priority,
      long timeoutNanos, String timeoutText) {
    ToLongFunction<? super In> f = costFunction;
    return submit(value, batchMethod, priority, timeoutNanos, timeoutText,
        f == null ? 1 : f.applyAsLong(value));
  }

  private Item<In, Out> submit(In value, BatchMethod<In, Out> batchMethod, int priority,
      long timeoutNanos, String timeoutText, long cost) {
    long now = System.nanoTime();
    Item<In, Out> item = new Item<>(value, batchMethod, now, cost,
        observations == null ? null : observations.getCurrentObservation());
    if (Thread.currentThread() instanceof Worker w && w.batcher == this) {
      runInline(item);
      return item;
    }
    long callerDeadline = Deadline.ofCurrentThread();
    if (callerDeadline != Deadline.NONE) {
      item.limit(now, callerDeadline - deadlineClock.getAsLong(),
          "its caller's @Timeout");
    }
    if (queueTimeoutNanos > 0) {
      item.limit(now, queueTimeoutNanos, queueTimeoutText);
    }
    if (timeoutNanos != Deadline.NONE) {
      item.limit(now, timeoutNanos, timeoutText);
    }
    List<Item<In, Out>> expired = null;
    lock.lock();
    try {
      if (closed) {
        rejected(item, Messages.batchShutdown(name));
        return item;
      }
      if (!byDeadline.isEmpty() && idle == 0) {
        expired = expire(now); // every worker busy: drop the expired now, not when one is free
      }
      if (queued >= capacity) {
        purgeDone();
        if (queued >= capacity) {
          rejected(item, Messages.batchQueueFull(name, capacity));
          return item;
        }
      }
      if (queued > 0) {
        // Since the item before it or the end of a batch, whichever is later: a gap that spans
        // a batch is the device's time. `now` was read before the lock.
        long gap = Math.max(0, now - Math.max(lastArrival, lastBatchEnd));
        burstGapNanos = burstGapNanos == Long.MAX_VALUE ? gap
            : burstGapNanos + (gap - burstGapNanos) / 8;
      }
      lastArrival = Math.max(lastArrival, now);
      item.atOnce = eager && queued == 0 && inFlight.isEmpty();
      item.level = level(priority);
      item.level.items.addLast(item);
      queued++;
      queuedCost += cost;
      if (item.deadline != Deadline.NONE) {
        byDeadline.add(item);
      }
      if (idle > 0) {
        // A waiting worker re-plans on news that may end its wait: a first item, a full or
        // preferred size, the cost reached, or a deadline earlier than its wake-up.
        if (queued == 1 || queued >= maxSize || item.deadline != Deadline.NONE
            || (maxCost > 0 && queuedCost >= maxCost) || isPreferred(queued)) {
          ready.signal();
        }
      } else if (workers.size() < maxConcurrency) {
        Throwable failed = startWorker();
        if (failed != null && workers.isEmpty()) {
          remove(item);
          item.completeExceptionally(failed);
        }
      }
    } finally {
      lock.unlock();
      if (expired != null) {
        for (Item<In, Out> e : expired) {
          e.expire(name);
        }
      }
    }
    return item;
  }

  /** Under the lock: the FIFO of {@code priority}, made on its first item. */
  private Level<In, Out> level(int priority) {
    int i = 0;
    for (; i < levels.size(); i++) {
      Level<In, Out> l = levels.get(i);
      if (l.priority == priority) {
        return l;
      }
      if (l.priority < priority) {
        break;
      }
    }
    Level<In, Out> l = new Level<>(priority, name, registry);
    levels.add(i, l);
    return l;
  }

  private boolean isPreferred(int n) {
    for (int p : preferred) {
      if (p == n) {
        return true;
      }
    }
    return false;
  }

  /** Under the lock: takes {@code item} out of the queue (it is there). */
  private void remove(Item<In, Out> item) {
    if (item.level.items.remove(item)) {
      queued--;
      queuedCost -= item.cost;
    }
  }

  /** Under the lock: drops cancelled items. */
  private void purgeDone() {
    for (Level<In, Out> l : levels) {
      l.items.removeIf(i -> {
        if (i.isDone()) {
          queued--;
          queuedCost -= i.cost;
          return true;
        }
        return false;
      });
    }
  }

  /** Items queued now (a racy read: for the queue-depth gauge). */
  int depth() {
    return queued;
  }

  private void rejected(Item<In, Out> item, String message) {
    rejections.increment();
    item.completeExceptionally(new RejectedExecutionException(message));
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
        if (queued > 0 && workers.size() < maxConcurrency) {
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

  /**
   * The next batch, waiting as the rules say; null when this worker should end. Items whose
   * deadline passes while they wait are failed here, outside the lock, and never dispatched.
   */
  private List<Item<In, Out>> take() {
    long idleUntil = System.nanoTime() + KEEP_ALIVE_NANOS;
    while (true) {
      List<Item<In, Out>> expired = null;
      lock.lock();
      try {
        while (expired == null) {
          long now = System.nanoTime();
          expired = expire(now);
          if (expired != null) {
            break; // failed outside the lock, then planned again
          }
          Item<In, Out> first = oldest();
          long waitNanos;
          if (first == null) {
            if (closed) {
              return null;
            }
            waitNanos = idleUntil - now;
            if (waitNanos <= 0) {
              return null;
            }
          } else {
            waitNanos = closed || first.atOnce || queued >= maxSize
                || (maxCost > 0 && queuedCost >= maxCost) || isPreferred(queued)
                ? 0 : waitEnd(first) - now;
            if (waitNanos <= 0) {
              return dispatch(now);
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
      for (Item<In, Out> item : expired) {
        item.expire(name);
      }
    }
  }

  /**
   * Under the lock: when the batch whose first item is {@code first} goes at the latest — its
   * wait ({@code maxWait}, or shorter when {@code adaptive}), and early enough that the item
   * with the earliest deadline can be answered by it.
   */
  private long waitEnd(Item<In, Out> first) {
    long wait = maxWaitNanos;
    long end = first.arrival + wait;
    if (adaptive) {
      // Waiting pays while a burst is still arriving: wait until none has come for
      // ADAPTIVE_QUIET burst gaps (and at least a 32nd of a batch) since the last arrival or the
      // end of the last batch, whose callers may be on their way back. An item that queued
      // behind that batch waits maxWait from its end at most, not from its own arrival: it
      // waited for the device, not for company. Go at once when bursts come slower than a batch,
      // or when no two items were ever queued together and this one did not queue behind a
      // batch: a lone caller.
      long gap = burstGapNanos;
      long batch = meanBatchNanos;
      boolean lone = gap == Long.MAX_VALUE
          && (lastBatchEnd == Long.MIN_VALUE || first.arrival - lastBatchEnd > 0);
      if (lone || gap != Long.MAX_VALUE && batch > 0 && gap >= batch) {
        end = first.arrival;
      } else {
        long from = Math.max(first.arrival, lastBatchEnd);
        long quiet = Math.max(gap == Long.MAX_VALUE ? 0 : ADAPTIVE_QUIET * gap,
            batch / ADAPTIVE_FLOOR_DIVISOR);
        end = Math.min(from + wait, Math.max(lastArrival, lastBatchEnd) + quiet);
      }
    }
    Item<In, Out> soonest = byDeadline.peek();
    if (soonest != null) {
      long guard = Math.max(DEADLINE_GUARD_NANOS, (soonest.deadline - soonest.arrival) >> 3);
      end = Math.min(end, soonest.deadline - meanBatchNanos - guard);
    }
    return end;
  }

  /** Under the lock: the queued item that arrived first, cancelled ones dropped; or null. */
  private Item<In, Out> oldest() {
    Item<In, Out> first = null;
    for (Level<In, Out> l : levels) {
      Item<In, Out> head = l.items.peekFirst();
      while (head != null && head.isDone()) {
        l.items.pollFirst();
        queued--;
        queuedCost -= head.cost;
        head = l.items.peekFirst();
      }
      if (head != null && (first == null || head.arrival < first.arrival)) {
        first = head;
      }
    }
    return first;
  }

  /**
   * Under the lock: takes out the items whose deadline has passed (null if none), and forgets
   * the deadlines of items no longer queued.
   */
  private List<Item<In, Out>> expire(long now) {
    List<Item<In, Out>> expired = null;
    Item<In, Out> soonest;
    while ((soonest = byDeadline.peek()) != null) {
      if (soonest.taken || soonest.isDone()) {
        byDeadline.poll();
      } else if (soonest.deadline - now <= 0) {
        byDeadline.poll();
        remove(soonest);
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(soonest);
      } else {
        break;
      }
    }
    return expired;
  }

  /**
   * Under the lock: the batch to run now — the highest priority first, oldest first within one,
   * except that an item waiting {@value #STARVATION_FACTOR} × {@code maxWait} (or × the mean
   * batch time, if longer) goes ahead of any;
   * at most {@code maxSize} items and {@code maxCost} cost (an item over it alone), and the
   * largest preferred size the queue holds when it holds fewer than {@code maxSize}.
   */
  private List<Item<In, Out>> dispatch(long now) {
    int target = Math.min(maxSize, queued);
    if (preferred.length > 0 && target < maxSize) {
      for (int i = preferred.length - 1; i >= 0; i--) {
        if (preferred[i] <= target) {
          target = preferred[i];
          break;
        }
      }
    }
    long starvedBefore = now - STARVATION_FACTOR * Math.max(maxWaitNanos, meanBatchNanos);
    List<Item<In, Out>> batch = new ArrayList<>(target);
    long cost = 0;
    while (batch.size() < target) {
      Level<In, Out> from = null;
      for (Level<In, Out> l : levels) {
        Item<In, Out> head = l.items.peekFirst();
        if (head == null) {
          continue;
        }
        if (from == null) {
          from = l; // the highest level that has an item
        } else if (head.arrival - starvedBefore <= 0
            && head.arrival < from.items.peekFirst().arrival) {
          from = l; // waited too long behind higher levels
        }
      }
      if (from == null) {
        break;
      }
      Item<In, Out> next = from.items.peekFirst();
      if (next.isDone()) {
        from.items.pollFirst();
        queued--;
        queuedCost -= next.cost;
        continue;
      }
      if (maxCost > 0 && !batch.isEmpty() && cost + next.cost > maxCost) {
        break;
      }
      from.items.pollFirst();
      queued--;
      queuedCost -= next.cost;
      cost += next.cost;
      next.taken = true;
      batch.add(next);
    }
    if (queued > 0) {
      if (idle > 0) {
        ready.signal();
      } else if (workers.size() < maxConcurrency) {
        startWorker();
      }
    }
    inFlight.add(batch);
    return batch;
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
          lastBatchEnd = System.nanoTime();
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
  private void runInline(Item<In, Out> item) {
    List<Item<In, Out>> batch = List.of(item);
    settle(batch, call(batch));
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
        if (item.level != null && item.level.priority != 0) {
          item.level.waits().record(now - item.arrival, TimeUnit.NANOSECONDS);
        }
      }
      sizes.record(n);
      items.increment(n);
      try {
        List<In> view = Collections.unmodifiableList(values);
        return new Outcome(
            observations == null ? batch.get(0).method.call(view) : observed(batch, view),
            Map.of(), null);
      } catch (PartialBatchFailure partial) {
        return new Outcome(partial.results(), partial.failures(), null);
      } finally {
        long took = System.nanoTime() - now;
        long mean = meanBatchNanos;
        meanBatchNanos = mean == 0 ? took : mean + (took - mean) / 8; // a racy mean is fine
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

  /** Calls the batch method in the scope of the batch's Observation. */
  private List<?> observed(List<Item<In, Out>> batch, List<In> values) throws Throwable {
    List<Observation> callers = new ArrayList<>(batch.size());
    for (Item<In, Out> item : batch) {
      if (item.caller != null) {
        callers.add(item.caller);
      }
    }
    Observation o = Observation.createNotStarted("decor.batch",
            () -> new BatchObservationContext(name, callers), observations)
        .contextualName(name)
        .parentObservation(null)
        .lowCardinalityKeyValue("name", name)
        .highCardinalityKeyValue("size", Integer.toString(batch.size()))
        .start();
    try (Observation.Scope scope = o.openScope()) {
      return batch.get(0).method.call(values);
    } catch (Throwable t) {
      o.error(t);
      throw t;
    } finally {
      o.stop();
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
   * Changes {@code maxSize}, {@code maxWait}, {@code queueTimeout}, {@code preferredSizes},
   * {@code maxCost} or {@code adaptive} from the next batch on: a worker waiting for a batch to fill re-plans at once. Items already taken keep
   * their batch; a new queue timeout bounds items queued from now on. Nothing queued is lost or
   * answered twice. Part of {@code Decor.tune}.
   */
  void tune(String attribute, Object value) {
    lock.lock();
    try {
      switch (attribute) {
        case "maxSize" -> this.maxSize = (Integer) value;
        case "maxWait" -> this.maxWaitNanos =
            Durations.parse("@Batched(maxWait)", (String) value).toNanos();
        case "queueTimeout" -> {
          String text = (String) value;
          this.queueTimeoutNanos = text.isEmpty() ? 0
              : Math.max(1, Durations.parse("@Batched(queueTimeout)", text).toNanos());
          this.queueTimeoutText = "its queueTimeout " + text;
        }
        case "preferredSizes" -> this.preferred = BatchedSpec.parseSizes((String) value);
        case "maxCost" -> this.maxCost = ((Number) value).longValue();
        case "adaptive" -> this.adaptive = (Boolean) value;
        default -> throw new IllegalArgumentException("not tunable: " + attribute);
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
      if (queued > 0 && workers.isEmpty()) {
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
      for (Level<In, Out> l : levels) {
        left.addAll(l.items);
        l.items.clear();
      }
      queued = 0;
      queuedCost = 0;
      byDeadline.clear();
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

  /** A snapshot of this batcher's settings, queue and running batches. */
  public BatchStats stats() {
    lock.lock();
    try {
      return new BatchStats(maxSize, Duration.ofNanos(maxWaitNanos), maxConcurrency,
          capacity, eager, Duration.ofNanos(queueTimeoutNanos),
          Arrays.stream(preferred).boxed().toList(), maxCost, adaptive, queued,
          inFlight.size(), workers.size(), closed);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    BatchStats s = stats(); // the settings read under the lock, as tune writes them
    return "Batched[" + name + ", maxSize=" + s.maxSize() + ", maxWait="
        + s.maxWait().toMillis() + "ms, maxConcurrency=" + maxConcurrency
        + ", queueCapacity=" + capacity + (eager ? ", eager" : "")
        + (s.queueTimeout().isZero() ? "" : ", " + queueTimeoutText.substring(4))
        + (s.preferredSizes().isEmpty() ? "" : ", preferredSizes=" + s.preferredSizes())
        + (s.maxCost() > 0 ? ", maxCost=" + s.maxCost() : "") + (s.adaptive() ? ", adaptive" : "")
        + "]";
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

  /** The items of one priority level, oldest first, with its meters (made on first use). */
  private static final class Level<In, Out> {
    final int priority;
    final ArrayDeque<Item<In, Out>> items = new ArrayDeque<>();
    private final String name;
    private final MeterRegistry registry;
    private Timer waits;
    private Counter drops;

    Level(int priority, String name, MeterRegistry registry) {
      this.priority = priority;
      this.name = name;
      this.registry = registry;
    }

    Timer waits() {
      Timer t = waits;
      if (t == null) {
        t = Timer.builder("decor.batch.priority.wait").tag("name", name)
            .tag("priority", Integer.toString(priority))
            .description("time an item of this priority waited for its batch to start")
            .register(registry);
        waits = t;
      }
      return t;
    }

    Counter drops() {
      Counter c = drops;
      if (c == null) {
        c = Counter.builder("decor.batch.deadline.drops").tag("name", name)
            .tag("priority", Integer.toString(priority))
            .description("items dropped unprocessed at their deadline").register(registry);
        drops = c;
      }
      return c;
    }
  }

  /** One queued item: its value, its receiver's batch method, and its own future. */
  private static final class Item<In, Out> extends CompletableFuture<Out> {
    final In value;
    final BatchMethod<In, Out> method;
    final long arrival;
    final long cost;
    /** When it must have been dispatched ({@link System#nanoTime}), or {@link Deadline#NONE}. */
    long deadline = Deadline.NONE;
    /** What set {@link #deadline}, for the message. */
    String limit;
    /** Under the lock: its level, once queued. */
    Level<In, Out> level;
    /** The Observation in scope where the item was queued, or null. */
    final Observation caller;
    /** Under the lock: found the batcher idle, with {@code eager}: its batch goes at once. */
    boolean atOnce;
    /** Under the lock: dispatched. */
    boolean taken;

    Item(In value, BatchMethod<In, Out> method, long arrival, long cost, Observation caller) {
      this.value = value;
      this.method = method;
      this.arrival = arrival;
      this.cost = cost;
      this.caller = caller;
    }

    /** Bounds its wait by {@code nanos} from {@code now}, if that is earlier than its bound. */
    void limit(long now, long nanos, String what) {
      long at = nanos >= Deadline.NONE - now ? Deadline.NONE : now + nanos;
      if (deadline == Deadline.NONE || at - deadline < 0) {
        deadline = at;
        limit = what;
      }
    }

    /** Fails it at its deadline, undispatched; counted as a drop. */
    void expire(String name) {
      if (isDone()) {
        return; // cancelled by its caller meanwhile
      }
      level.drops().increment(); // first: whoever sees the failure sees it counted
      completeExceptionally(new DeadlineExceededException(
          Messages.batchQueueTimeout(name, limit), name,
          Duration.ofNanos(Math.max(0, deadline - arrival))));
    }


    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }
}
