package dev.decor.grad;

/**
 * A model with a training flag — PyTorch's {@code module.train()} / {@code module.eval()}.
 *
 * <p>{@link GradMode#inference(Trainable)} and {@link dev.decor.InferenceMode} switch it to
 * evaluation mode and restore its previous mode afterwards.
 */
public interface Trainable {
  /** Whether the model is in training mode ({@code module.training}). */
  boolean isTraining();

  /** Switches training mode on or off ({@code module.train(training)}). */
  void setTraining(boolean training);
}
