package dev.decor.limit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

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
  final int value;
  /** The method that created a group's limit, as a group clash names it. */
  final String owner;
  private final Semaphore semaphore;
  private final AtomicInteger waiting = new AtomicInteger();
  private final LongAdder rejected = new LongAdder();

  Limit(String name, String described, int value, String owner, MeterRegistry registry) {
    this.name = name;
    this.described = described;
    this.value = value;
    this.owner = owner;
    this.semaphore = new Semaphore(value, true);
    Gauge.builder("decor.limit.active", this, Limit::active).tag("name", name)
        .description("executions of a @ConcurrencyLimit method or group running now")
        .register(registry);
    Gauge.builder("decor.limit.waiting", this, Limit::waiting).tag("name", name)
        .description("callers waiting for a @ConcurrencyLimit permit now")
        .register(registry);
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

  void rejected() {
    rejected.increment();
  }

  int active() {
    return value - semaphore.availablePermits();
  }

  int waiting() {
    return waiting.get();
  }

  LimitStats stats() {
    return new LimitStats(value, active(), waiting(), rejected.sum());
  }
}
