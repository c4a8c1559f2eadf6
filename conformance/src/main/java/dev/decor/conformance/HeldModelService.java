package dev.decor.conformance;

import dev.decor.InferenceMode;

/**
 * A service that holds its model rather than being one (it is not {@code Trainable}), with
 * {@code @InferenceMode} on it: the call turns grad off but cannot switch the model to eval mode,
 * and decor warns once ({@code [decor/InferenceModeNotTrainable]}).
 */
public class HeldModelService {
  /** The model the service holds; it starts in training mode. */
  public final TinyModel model = new TinyModel();

  @InferenceMode
  public float classify(float x) {
    return model.forward(x);
  }
}
