package dev.decor.djl;

import com.google.auto.service.AutoService;
import dev.decor.engine.VirtualThreads;
import dev.decor.grad.GradBackend;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Mirrors decor's grad mode into libtorch through DJL ({@code JniUtils.setGradMode}), when DJL's
 * PyTorch engine is on the class path.
 *
 * <p>Availability is decided once: the PyTorch engine must load (DJL extracts its natives on
 * first load, about a second); never on a virtual thread's carrier, which DJL would leave with
 * grad off. Each change saves libtorch's own per-thread state and restores
 * exactly that, so a thread where DJL turned grad off itself gets it back off. Thread-safe.
 */
@AutoService(GradBackend.class)
public final class DjlPyTorchGradBackend implements GradBackend {
  private static final String JNI = "ai.djl.pytorch.jni.JniUtils";

  @Override
  public boolean isAvailable() {
    try {
      Class.forName(JNI, false, DjlPyTorchGradBackend.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    return Djl.load();
  }

  @Override
  public boolean setEnabled(boolean enabled) {
    return Djl.set(enabled);
  }

  /** Touches DJL types only when DJL is present, so this class loads without it. */
  private static final class Djl {
    /**
     * Loads the engine. DJL turns libtorch's grad mode off on the thread that loads it; on a
     * virtual thread that is a carrier shared by every virtual thread, so the engine is then
     * loaded on a short-lived platform thread instead.
     */
    static boolean load() {
      if (!VirtualThreads.isVirtual(Thread.currentThread())) {
        return loadHere();
      }
      FutureTask<Boolean> task = new FutureTask<>(Djl::loadHere);
      Thread loader = new Thread(task, "decor-djl-load");
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

    private static boolean loadHere() {
      ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
      return engine != null;
    }

    static boolean set(boolean enabled) {
      boolean previous = ai.djl.pytorch.jni.JniUtils.isGradMode();
      if (previous != enabled) {
        ai.djl.pytorch.jni.JniUtils.setGradMode(enabled);
      }
      return previous;
    }
  }
}
