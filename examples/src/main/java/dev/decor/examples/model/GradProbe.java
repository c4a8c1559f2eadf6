package dev.decor.examples.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.decor.grad.GradMode;
import dev.decor.grad.Trainable;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records, at the moment of a call, whether gradient recording was on — in decor's flag and in
 * libtorch itself ({@code torch.is_grad_enabled()}) — and whether the model was in training mode.
 * The services call {@link #observe} inside their decorated methods, so the main job and the tests
 * can check that {@code @InferenceMode} really did its work. Thread-safe.
 */
public final class GradProbe {
  private final LongAdder calls = new LongAdder();
  private final LongAdder decorGradOn = new LongAdder();
  private final LongAdder torchGradOn = new LongAdder();
  private final LongAdder training = new LongAdder();

  /** What the probe saw: out of {@code calls}, how many had grad on or the model training. */
  public record Checks(long calls, long decorGradOn, long torchGradOn, long trainingMode) {
    /** True when there were calls and none had grad on or the model in training mode. */
    public boolean allInference() {
      return calls > 0 && decorGradOn == 0 && torchGradOn == 0 && trainingMode == 0;
    }
  }

  /** Records the calling thread's grad mode and {@code model}'s training flag. */
  public void observe(Trainable model) {
    calls.increment();
    if (GradMode.isEnabled()) {
      decorGradOn.increment();
    }
    if (torchGradEnabled()) {
      torchGradOn.increment();
    }
    if (model.isTraining()) {
      training.increment();
    }
  }

  public Checks checks() {
    return new Checks(calls.sum(), decorGradOn.sum(), torchGradOn.sum(), training.sum());
  }

  /** libtorch's grad mode on the calling thread (loads the PyTorch engine if needed). */
  public static boolean torchGradEnabled() {
    Engine.getEngine("PyTorch");
    return JniUtils.isGradMode();
  }
}
