package dev.decor.grad;

/**
 * A model with a training flag — PyTorch's {@code module.train()} / {@code module.eval()}.
 *
 * <p>{@link GradMode#inference(Trainable)} and {@link dev.decor.InferenceMode} switch it to
 * evaluation mode and restore its previous mode afterwards. When many threads share one model,
 * decor counts their open inference regions: the first saves the mode and switches to eval, the
 * last restores it, so concurrent inference never sees training mode. {@code @InferenceMode}
 * acts on the receiver only; a service that holds a model can implement this interface by
 * delegating to it (see docs/grad.md).
 *
 * <p>Implementations must be thread-safe when the model is shared (a {@code volatile} flag is
 * enough); decor calls both methods under its own per-model lock.
 */
public interface Trainable {
  /** Whether the model is in training mode ({@code module.training}). */
  boolean isTraining();

  /**
   * Switches training mode on or off ({@code module.train(training)}); the model's forward pass
   * reads it (for DJL, pass {@link #isTraining()} as {@code Block.forward}'s {@code training}).
   */
  void setTraining(boolean training);
}
