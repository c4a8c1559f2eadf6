package dev.decor.spec;

import dev.decor.InferenceMode;
import dev.decor.NoGrad;

/** Settings of {@code @NoGrad} ({@link #NO_GRAD}) and {@code @InferenceMode} ({@link #INFERENCE}). */
public enum GradSpec implements Spec {
  /** Grad disabled for the call. */
  NO_GRAD,
  /** Grad disabled and a {@link dev.decor.grad.Trainable} target switched to eval for the call. */
  INFERENCE;

  /** {@code @NoGrad}: no attributes, generated code reads {@link #NO_GRAD}. */
  public static final Description<NoGrad, GradSpec> NO_GRAD_DESCRIPTION =
      Description.constant(NoGrad.class, NO_GRAD);

  /** {@code @InferenceMode}: no attributes, generated code reads {@link #INFERENCE}. */
  public static final Description<InferenceMode, GradSpec> INFERENCE_DESCRIPTION =
      Description.constant(InferenceMode.class, INFERENCE);

  @Override
  public Order order() {
    return Order.GRAD;
  }
}
