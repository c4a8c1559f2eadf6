package dev.decor.benchmarks;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What a careful engineer writes by hand for the resilience decorators with the JDK: a timeout
 * that interrupts the caller from one shared scheduler thread (scheduled, then cancelled, per
 * call), a fair {@link Semaphore} with a bounded wait, and a retry loop that also judges the
 * result. Success paths only, as the benchmarks measure.
 */
final class TimeoutLimitHandWritten implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "hand-timeout");
    t.setDaemon(true);
    return t;
  });
  private final Semaphore permits = new Semaphore(2, true);

  TimeoutLimitHandWritten() {
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Schedules the caller's interrupt 5 s out and cancels it in {@code finally}; a cancel that
   * lost the race clears the interrupt it may have delivered (a narrow window remains where it
   * lands after the clear: closing it takes a per-call state shared with the alarm).
   */
  float timeout(float[] x) {
    ScheduledFuture<?> alarm = timer.schedule(Thread.currentThread()::interrupt, 5_000,
        TimeUnit.MILLISECONDS);
    try {
      return Kernel.infer(x);
    } finally {
      if (!alarm.cancel(false)) {
        Thread.interrupted();
      }
    }
  }

  /** A fair semaphore of 2, waiting at most 20 ms. */
  float limit(float[] x) throws InterruptedException {
    if (!permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
      throw new RejectedExecutionException("2 calls running");
    }
    try {
      return Kernel.infer(x);
    } finally {
      permits.release();
    }
  }

  /** Three attempts, retrying an exception or a result that is not a number. */
  float retryIf(float[] x) {
    for (int attempt = 1; ; attempt++) {
      float result;
      try {
        result = Kernel.infer(x);
      } catch (RuntimeException e) {
        if (attempt >= 3) {
          throw e;
        }
        continue;
      }
      if (!Float.isNaN(result) || attempt >= 3) {
        return result;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
