package dev.decor.kernel;

/**
 * How a synchronous wait (a retry's backoff) passes: sleeps the calling thread; may throw
 * {@link InterruptedException}. Tests replace it to make waits instant.
 */
@FunctionalInterface
public interface Sleeper {
  void sleepNanos(long nanos) throws InterruptedException;
}
