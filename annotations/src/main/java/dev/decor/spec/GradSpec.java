package dev.decor.spec;

import dev.decor.InferenceMode;
import dev.decor.NoGrad;

/** Settings of {@code @NoGrad} ({@link #NO_GRAD}) and {@code @InferenceMode} ({@link #INFERENCE}). */
public enum GradSpec implements Spec {
  /** Grad disabled for the call. */
  NO_GRAD,
  /** Grad disabled and a {@link dev.decor.grad.Trainable} target switched to eval for the call. */
  INFERENCE;



  @Override
  public Order order() {
    return Order.GRAD;
  }
}
