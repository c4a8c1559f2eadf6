package dev.decor.kernel;

import java.util.concurrent.Executor;

/**
 * How an asynchronous wait passes: returns an executor that runs its task after {@code nanos}
 * (an asynchronous retry's next attempt). Tests replace it to run tasks at once.
 */
@FunctionalInterface
public interface Scheduler {
  Executor after(long nanos);
}
