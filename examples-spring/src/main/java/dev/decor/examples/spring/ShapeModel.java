package dev.decor.examples.spring;

import ai.djl.ndarray.NDManager;
import dev.decor.InferenceMode;
import dev.decor.Timed;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.GradProbe;
import dev.decor.examples.model.ModelService;
import dev.decor.examples.model.Pixels;
import dev.decor.examples.serve.Prediction;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The model call itself: one decoded image through the CNN — Python's
 * {@code @torch.inference_mode()} {@code def classify(self, image)}.
 *
 * <p>{@code @Timed("model.inference")} gives the model its own timer, apart from the cached
 * {@link PredictionService#predict} (whose timer also counts cache hits). {@code @InferenceMode}
 * turns grad off and the model to evaluation mode on the calling request thread, and restores
 * both. The app uses the processor's generated {@code DecoratedShapeModel} (the bean is created by
 * {@link InferenceConfiguration}); the aspect skips generated wrappers, so each call is
 * decorated once. Thread-safe as far as the model's {@code forward} is.
 */
public class ShapeModel extends ModelService {
  private final List<String> labels;
  private final int imageSize;
  private final GradProbe probe = new GradProbe();

  public ShapeModel(Backbone model, List<String> labels, int imageSize) {
    super(model);
    this.labels = List.copyOf(labels);
    this.imageSize = imageSize;
  }

  /** The label and scores for {@code image} (an sRGB or gray-expanded {@link ImageDecoder} result). */
  @Timed("model.inference")
  @InferenceMode
  public Prediction classify(BufferedImage image) {
    probe.observe(this);
    try (NDManager manager = model.manager().newSubManager()) {
      return Prediction.of(labels, model.forward(Pixels.tensor(manager, image, imageSize)).softmax(1).toFloatArray());
    }
  }

  /** Grad mode and training flag as seen inside {@link #classify}, on the request threads. */
  public GradProbe.Checks gradChecks() {
    return probe.checks();
  }

  /** The backbone, for training it in place at start-up. */
  Backbone backbone() {
    return model;
  }
}
