package dev.decor.examples.model;

import dev.decor.grad.Trainable;
import java.util.Objects;

/**
 * Base of the services that run a {@link Backbone}: it is {@link Trainable} by forwarding to the
 * model, so {@code @InferenceMode} on a service method switches the model itself to evaluation
 * mode for the call and back afterwards. Thread-safe as far as the model is.
 */
public abstract class ModelService implements Trainable {
  protected final Backbone model;

  protected ModelService(Backbone model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public final boolean isTraining() {
    return model.isTraining();
  }

  @Override
  public final void setTraining(boolean training) {
    model.setTraining(training);
  }
}
