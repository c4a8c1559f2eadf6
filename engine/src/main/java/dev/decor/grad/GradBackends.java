package dev.decor.grad;

import dev.decor.kernel.VirtualThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the available {@link GradBackend}s, once, when grad mode is first used.
 *
 * <p>Always on a platform thread, as {@link GradBackend#isAvailable()} promises: a backend may set
 * per-OS-thread state while its engine loads (DJL turns libtorch's grad mode off on the loading
 * thread), and a virtual thread's OS thread is a carrier shared by every virtual thread. So when
 * grad mode is first used on a virtual thread, the backends load on a short-lived platform thread
 * while it waits. Not a {@link ModelThreads model thread}: those are reused, and must not keep
 * what a backend's loading left behind. This class holds no state of {@link GradState}, whose
 * initialization is waiting for it. Thread-safe.
 */
final class GradBackends {
  private static final Logger log = LoggerFactory.getLogger(GradBackends.class);
  /** Bit 0 of a {@link GradState} token is decor's flag, bit 63 a model's; one bit each between. */
  private static final int MAX_BACKENDS = 62;

  private GradBackends() {}

  /** The available backends, found on a platform thread. */
  static GradBackend[] load() {
    if (!VirtualThreads.isVirtual(Thread.currentThread())) {
      return loadHere();
    }
    FutureTask<GradBackend[]> task = new FutureTask<>(GradBackends::loadHere);
    Thread loader = new Thread(task, "decor-grad-backends");
    loader.setDaemon(true);
    loader.start();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
          }
          throw (Error) cause;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static GradBackend[] loadHere() {
    List<GradBackend> found = new ArrayList<>();
    ServiceLoader<GradBackend> loader =
        ServiceLoader.load(GradBackend.class, GradBackends.class.getClassLoader());
    var it = loader.iterator();
    while (true) {
      GradBackend backend;
      try {
        if (!it.hasNext()) {
          break;
        }
        backend = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        log.debug("Skipping a grad backend that cannot load", e);
        continue;
      }
      try {
        if (backend.isAvailable()) {
          found.add(backend);
        }
      } catch (RuntimeException | LinkageError e) {
        log.debug("Grad backend {} is not available", backend.getClass().getName(), e);
      }
    }
    if (found.size() > MAX_BACKENDS) {
      throw new IllegalStateException("decor supports at most " + MAX_BACKENDS + " grad backends");
    }
    return found.toArray(new GradBackend[0]);
  }
}
