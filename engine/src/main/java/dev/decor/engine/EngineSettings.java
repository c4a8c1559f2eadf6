package dev.decor.engine;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The engine's injectable clocks: how synchronous retries sleep and how asynchronous retries
 * schedule their next attempt. Tests swap them to run deterministically and fast; production
 * uses {@link Thread#sleep} and {@link CompletableFuture#delayedExecutor} (no thread pool of
 * decor's own).
 *
 * <p>Thread-safe; settings are read on each retry wait, not on the success path.
 */
public final class EngineSettings {
  /** Sleeps the calling thread; may throw {@link InterruptedException}. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /** Returns an executor that runs its task after {@code nanos}. */
  @FunctionalInterface
  public interface Scheduler {
    Executor after(long nanos);
  }

  public static final Sleeper DEFAULT_SLEEPER = nanos -> TimeUnit.NANOSECONDS.sleep(nanos);
  public static final Scheduler DEFAULT_SCHEDULER =
      nanos -> CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS);

  private static volatile Sleeper sleeper = DEFAULT_SLEEPER;
  private static volatile Scheduler scheduler = DEFAULT_SCHEDULER;

  private EngineSettings() {}

  public static Sleeper sleeper() {
    return sleeper;
  }

  public static Scheduler scheduler() {
    return scheduler;
  }

  public static void setSleeper(Sleeper s) {
    sleeper = Objects.requireNonNull(s, "sleeper");
  }

  public static void setScheduler(Scheduler s) {
    scheduler = Objects.requireNonNull(s, "scheduler");
  }

  /** Back to {@link Thread#sleep} and {@link CompletableFuture#delayedExecutor}. */
  public static void reset() {
    sleeper = DEFAULT_SLEEPER;
    scheduler = DEFAULT_SCHEDULER;
  }
}
