package dev.decor.djl;

import com.google.auto.service.AutoService;
import dev.decor.grad.GradBackend;

/**
 * Mirrors decor's grad mode into libtorch through DJL ({@code JniUtils.setGradMode}), when DJL's
 * PyTorch engine is on the class path.
 *
 * <p>Availability is decided once: the PyTorch engine must load (DJL extracts its natives on
 * first load, about a second). decor asks on a platform thread, never on a virtual thread's
 * carrier, which DJL would leave with grad off. Each change saves libtorch's own per-thread state
 * and restores exactly that, so a thread where DJL turned grad off itself gets it back off.
 * Thread-safe.
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
     * Loads the engine. DJL turns libtorch's grad mode off on the thread that loads it; decor calls
     * {@link GradBackend#isAvailable()} on a platform thread, never on a virtual thread's carrier.
     */
    static boolean load() {
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
