package dev.decor.limit;

import dev.decor.kernel.LatestGauge;
import dev.decor.kernel.RareCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One concurrency limit: a fair {@link Semaphore} of {@code value} permits, shared by the methods
 * of a group (or owned by one method), with what its meters read. A fair semaphore serves waiters
 * first come, first served, and parks them through {@code LockSupport} — a virtual thread
 * unmounts instead of pinning its carrier (no monitor is held while waiting).
 *
 * <p>Thread-safe.
 */
final class Limit {
  final String name;
  /** How {@code [decor/ConcurrencyLimit]} names it: {@code group 'gpu'} or {@code 'Service.m'}. */
  final String described;
  /** The value the limit was made with: what another method joining its group must declare. */
  final int declared;
  /** The permits now: {@link #declared} until {@link #resize}. */
  volatile int value;
  /** The method that created a group's limit, as a group clash names it. */
  final String owner;
  private final Permits semaphore;
  private final AtomicInteger waiting = new AtomicInteger();
  private final LongAdder rejected = new LongAdder();
  /** {@code decor.limit.rejected}, registered on the first rejection. */
  final RareCounter rejectedCounter;

  Limit(String name, String described, int value, String owner,
      Supplier<MeterRegistry> meters) {
    this.name = name;
    this.described = described;
    this.declared = value;
    this.value = value;
    this.owner = owner;
    this.semaphore = new Permits(value);
    this.rejectedCounter = new RareCounter(meters, r -> Counter.builder("decor.limit.rejected")
        .tag("name", name)
        .description("callers a @ConcurrencyLimit rejected (no permit within maxWait)")
        .register(r));
    MeterRegistry registry = meters.get();
    LatestGauge.register(registry, "decor.limit.active", name,
        "executions of a @ConcurrencyLimit method or group running now", this, Limit::active);
    LatestGauge.register(registry, "decor.limit.waiting", name,
        "callers waiting for a @ConcurrencyLimit permit now", this, Limit::waiting);
  }

  /**
   * Takes a free permit if no earlier caller waits for one (fair: no barging); false otherwise,
   * and for an interrupted caller, whom {@link #acquire} then rejects.
   */
  boolean tryAcquireNow() {
    try {
      return semaphore.tryAcquire(0, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // acquire(…) sees it and rejects the caller
      return false;
    }
  }

  /**
   * Takes a permit, waiting at most {@code maxWaitNanos} behind earlier callers; false when none
   * came in time.
   *
   * @throws InterruptedException if the caller is interrupted before or while waiting
   */
  boolean acquire(long maxWaitNanos) throws InterruptedException {
    // A zero wait still queues behind waiters (fair), unlike tryAcquire(), which barges.
    if (semaphore.tryAcquire(0, TimeUnit.NANOSECONDS)) {
      return true;
    }
    if (maxWaitNanos <= 0) {
      return false;
    }
    waiting.incrementAndGet();
    try {
      return semaphore.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
    } finally {
      waiting.decrementAndGet();
    }
  }

  void release() {
    semaphore.release();
  }

  /**
   * Makes the limit {@code newValue} permits from the next call on. Raising it frees the extra
   * permits at once (waiters take them, first come first served); lowering it takes permits away
   * — below zero free permits while more calls than the new value are running, so none is
   * admitted until enough of them have left. Calls in flight are never interrupted, no permit is
   * lost or made: once all calls have left, exactly {@code newValue} are free.
   */
  synchronized void resize(int newValue) {
    int delta = newValue - value;
    if (delta > 0) {
      semaphore.release(delta);
    } else if (delta < 0) {
      semaphore.reducePermits(-delta);
    }
    value = newValue;
  }

  /** Free permits now (negative while a lowered limit has more calls running than it allows). */
  int available() {
    return semaphore.availablePermits();
  }

  /** A fair semaphore that can lose permits ({@link #resize}). */
  private static final class Permits extends Semaphore {
    Permits(int permits) {
      super(permits, true);
    }

    @Override
    protected void reducePermits(int reduction) {
      super.reducePermits(reduction);
    }
  }

  void rejected() {
    rejected.increment();
  }

  int active() {
    synchronized (this) { // value and the free permits read together, never mid-resize
      return Math.max(0, value - semaphore.availablePermits());
    }
  }

  int waiting() {
    return waiting.get();
  }

  LimitStats stats() {
    return new LimitStats(value, active(), waiting(), rejected.sum());
  }
}
