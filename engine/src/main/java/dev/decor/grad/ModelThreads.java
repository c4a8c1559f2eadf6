package dev.decor.grad;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * decor's "model threads": a small pool of platform threads on which grad regions entered from a
 * virtual thread run, while the virtual thread waits.
 *
 * <h2>Why</h2>
 * libtorch keeps grad mode in a C++ thread-local of the OS thread. A virtual thread runs on
 * whichever carrier it is mounted on and may move after any blocking call, so setting the mode
 * "on the calling thread" from a virtual thread changes a carrier shared with other virtual
 * threads, and restoring it later may hit another carrier. decor therefore never touches a grad
 * backend from a virtual thread: the region's body runs here, on a platform thread, in the right
 * mode, and the virtual thread blocks cheaply (it unmounts) until the body is done. This is the
 * worker model DJL Serving uses for its models.
 *
 * <h2>Threads</h2>
 * Daemon threads named {@code decor-model-N}, started lazily on first use and stopped after
 * {@value #KEEP_ALIVE_SECONDS} s idle; at most {@code -Ddecor.modelThreads=N} of them (default:
 * the number of processors, at least 2); further work waits in a queue. They inherit no
 * inheritable thread-locals. The body sees the model thread's thread-locals, not the caller's.
 *
 * <p>One exception: once {@link #carryObservations} is on (an engine built with an
 * {@code ObservationRegistry}), the Micrometer Observation the caller has in scope is in scope
 * while the model thread runs its body, so the spans the body opens are children of the caller's,
 * and it is out of scope again before the caller goes on (the model thread's next task finds
 * none). Off, a hand-off does nothing for Observations but read one field.
 *
 * <p>Interruption follows the body: interrupting the waiting caller interrupts the model thread
 * running its body (or the body as soon as it starts), and an interrupt the body leaves pending
 * is passed back to the caller. Package-private: the pool is reached through {@link GradRegion}
 * and {@link GradMode}'s block forms. Thread-safe.
 */
final class ModelThreads {
  /** The system property that sizes the pool. */
  static final String SIZE_PROPERTY = "decor.modelThreads";

  static final int KEEP_ALIVE_SECONDS = 30;

  /** Where the caller's Observation is read from, or null: none is carried (the default). */
  private static volatile ObservationRegistry observations;

  private ModelThreads() {}

  /** Carries the caller's Observation in {@code registry} into each body from now on. */
  static void carryObservations(ObservationRegistry registry) {
    observations = registry;
  }

  /** Created on first use, so a JVM that never offloads starts no pool. */
  private static final class Pool {
    static final ThreadPoolExecutor EXECUTOR = create();

    private static ThreadPoolExecutor create() {
      int size = Integer.getInteger(SIZE_PROPERTY,
          Math.max(2, Runtime.getRuntime().availableProcessors()));
      if (size < 1) {
        throw new IllegalArgumentException(
            "-D" + SIZE_PROPERTY + "=" + size + " must be at least 1");
      }
      AtomicInteger counter = new AtomicInteger();
      ThreadFactory factory = task -> {
        Thread t = new ModelThread(task, "decor-model-" + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      ThreadPoolExecutor executor = new ThreadPoolExecutor(size, size, KEEP_ALIVE_SECONDS,
          TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
      executor.allowCoreThreadTimeOut(true);
      return executor;
    }
  }

  /** Whether the calling thread is one of decor's model threads. */
  static boolean isModelThread() {
    return Thread.currentThread() instanceof ModelThread;
  }

  /** A pool thread; its class marks it. Inherits no inheritable thread-locals. */
  private static final class ModelThread extends Thread {
    ModelThread(Runnable task, String name) {
      super(null, task, name, 0, false);
    }
  }

  /**
   * Runs {@code work} on a model thread and waits for it.
   *
   * @return what {@code work} returned
   * @throws Throwable exactly what {@code work} threw
   */
  static Object call(GradBlock<?, ?> work) throws Throwable {
    ObservationRegistry registry = observations;
    Handoff handoff = new Handoff(work, Thread.currentThread(),
        registry == null ? null : registry.getCurrentObservation());
    Pool.EXECUTOR.execute(handoff);
    return handoff.await();
  }

  /** One body handed to a model thread, and its outcome handed back. */
  private static final class Handoff implements Runnable {
    private final GradBlock<?, ?> work;
    private final Thread caller;
    /** The Observation in scope on the caller when it handed the body over, or null. */
    private final Observation observation;
    private Object result;
    private Throwable failure;
    private boolean interruptPending;
    private volatile boolean done;
    /** The model thread while it runs the body; guarded by {@code this}. */
    private Thread runner;
    /** The caller was interrupted before or while the body ran; guarded by {@code this}. */
    private boolean interruptRequested;

    Handoff(GradBlock<?, ?> work, Thread caller, Observation observation) {
      this.work = work;
      this.caller = caller;
      this.observation = observation;
    }

    @Override
    public void run() {
      synchronized (this) {
        runner = Thread.currentThread();
        if (interruptRequested) {
          runner.interrupt();
        }
      }
      try {
        result = observation == null ? work.call() : callInObservation();
      } catch (Throwable t) {
        failure = t;
      } finally {
        synchronized (this) {
          runner = null;
          // Cleared here so it never reaches the pool's next task; handed to the caller instead.
          interruptPending = Thread.interrupted();
        }
        done = true;
        LockSupport.unpark(caller);
      }
    }

    /**
     * The body in the caller's Observation's scope, closed before the caller is woken: the
     * caller's Observation is never in scope on two threads that run at once through decor.
     */
    private Object callInObservation() throws Throwable {
      try (Observation.Scope scope = observation.openScope()) {
        return work.call();
      }
    }

    Object await() throws Throwable {
      while (!done) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          synchronized (this) {
            interruptRequested = true;
            if (runner != null) {
              runner.interrupt();
            }
          }
        }
      }
      if (interruptPending) {
        caller.interrupt();
      }
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }
}
