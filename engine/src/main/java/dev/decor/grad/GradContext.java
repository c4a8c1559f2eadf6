package dev.decor.grad;

import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Opt-in hand-over of grad mode across async boundaries, and a leak check at task boundaries.
 *
 * <p>By default decor does what PyTorch does: a new thread, a pool task or a
 * {@code CompletableFuture} continuation starts with grad enabled, whatever mode the code that
 * scheduled it was in. {@link #propagating(Executor)} changes that for one executor: each task
 * runs in the mode of the thread that handed it over, so a no-grad region follows a pipeline:
 *
 * <pre>{@code
 * Executor inferencePool = GradContext.propagating(pool);
 * GradMode.noGrad(() -> CompletableFuture
 *     .supplyAsync(() -> model.forward(x), inferencePool)       // grad off
 *     .thenApplyAsync(y -> postProcess(y), inferencePool));     // grad off too
 * }</pre>
 *
 * <p>Both wrappers also close what a task leaks: a {@link GradScope} a task opened and never
 * closed would otherwise leave the pool thread, and every later task on it, in that mode. They
 * close such scopes when the task returns and log a {@code [decor/GradScopeLeak]} warning (with
 * where each scope was opened when run with {@code -Ddecor.grad.debug=true}).
 *
 * <p>Only the grad flag travels, not an inference model. On a virtual worker thread a task that
 * must run with grad off runs on a decor model thread (see {@link GradMode}). For Micrometer's
 * context propagation (Reactor, Spring's {@code ContextExecutorService}) register
 * {@link GradModeAccessor} instead.
 *
 * <p>Micrometer Observations travel into model threads once {@link #carryObservations} is on:
 * {@code Decor.builder().observationRegistry(…)} turns it on. Thread-safe.
 */
public final class GradContext {
  private GradContext() {}

  /**
   * An executor that runs each task in the grad mode current on the thread that called
   * {@code execute}, and closes (and reports) grad scopes a task leaves open.
   */
  public static Executor propagating(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> {
      Objects.requireNonNull(task, "task");
      boolean enabled = GradMode.isEnabled();
      executor.execute(() -> run(true, enabled, task));
    };
  }

  /**
   * An executor that runs each task in the worker's own grad mode (PyTorch's default) and closes
   * (and reports) grad scopes a task leaves open, so they cannot reach the next task.
   */
  public static Executor leakChecking(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> {
      Objects.requireNonNull(task, "task");
      executor.execute(() -> run(false, true, task));
    };
  }

  /**
   * From now on, work a virtual thread hands to a decor model thread (a {@code @NoGrad} or
   * {@code @InferenceMode} body, a block form) runs in the Micrometer Observation the virtual
   * thread has in scope: the spans it opens there are children of the caller's span. The
   * Observation is out of scope again before the caller goes on, so the model thread's next task
   * finds none. An engine built with an {@code ObservationRegistry} calls this; code that enters
   * grad regions without a decor engine may too. JVM-wide and permanent (Micrometer keeps the
   * Observation in scope per thread for every registry it makes); until it is called a hand-off
   * does nothing for Observations. {@link ObservationRegistry#NOOP} is ignored.
   */
  public static void carryObservations(ObservationRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (!registry.isNoop()) {
      ModelThreads.carryObservations(registry);
    }
  }

  private static void run(boolean propagate, boolean enabled, Runnable task) {
    if (!GradRegion.canEnter()) {
      // A virtual worker: no scope can be open or leaked here; a region runs on a model thread.
      if (propagate && !enabled) {
        GradRegion.noGrad().call(null, () -> {
          task.run();
          return null;
        });
      } else {
        task.run();
      }
      return;
    }
    GradScope handedOver = propagate ? GradMode.set(enabled) : null;
    Object mark = GradScopes.innermost();
    try {
      task.run();
    } finally {
      GradScopes.closeLeaked(mark);
      if (handedOver != null) {
        handedOver.close();
      }
    }
  }
}
