package dev.decor.grad;

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
 * <p>Interruption follows the body: interrupting the waiting caller interrupts the model thread
 * running its body (or the body as soon as it starts), and an interrupt the body leaves pending
 * is passed back to the caller. Package-private: the pool is reached through {@link GradRegion}
 * and {@link GradMode}'s block forms. Thread-safe.
 */
final class ModelThreads {
  /** The system property that sizes the pool. */
  static final String SIZE_PROPERTY = "decor.modelThreads";

  static final int KEEP_ALIVE_SECONDS = 30;

  private ModelThreads() {}

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
    Handoff handoff = new Handoff(work, Thread.currentThread());
    Pool.EXECUTOR.execute(handoff);
    return handoff.await();
  }

  /** One body handed to a model thread, and its outcome handed back. */
  private static final class Handoff implements Runnable {
    private final GradBlock<?, ?> work;
    private final Thread caller;
    private Object result;
    private Throwable failure;
    private boolean interruptPending;
    private volatile boolean done;
    /** The model thread while it runs the body; guarded by {@code this}. */
    private Thread runner;
    /** The caller was interrupted before or while the body ran; guarded by {@code this}. */
    private boolean interruptRequested;

    Handoff(GradBlock<?, ?> work, Thread caller) {
      this.work = work;
      this.caller = caller;
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
        result = work.call();
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
