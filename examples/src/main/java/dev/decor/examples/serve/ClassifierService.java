package dev.decor.examples.serve;

import ai.djl.ndarray.NDManager;
import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.Timed;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.GradProbe;
import dev.decor.examples.model.ModelService;
import dev.decor.examples.model.Pixels;
import java.util.List;

/**
 * Classifies encoded images with a trained {@link Backbone} — the Python service
 * <pre>{@code
 * @timer
 * @lru_cache(maxsize=1024)
 * @torch.inference_mode()
 * def predict(self, image_bytes): ...
 * }</pre>
 *
 * <p>{@link #predict} is {@code @Timed @Cached(maxSize = 1024) @InferenceMode}: every call is timed
 * (hits included); the same image bytes are a cache hit (the key is a content digest of the
 * array); a miss runs with grad off and the model in evaluation mode — this service is
 * a {@link ModelService}, forwarding the training flag to the model — and restores both afterwards. In the app it is used
 * through the processor's generated {@code DecoratedClassifierService}. Thread-safe.
 */
public class ClassifierService extends ModelService {
  private final List<String> labels;
  private final int imageSize;
  private final GradProbe probe = new GradProbe();

  public ClassifierService(Backbone model, List<String> labels, int imageSize) {
    super(model);
    this.labels = List.copyOf(labels);
    this.imageSize = imageSize;
  }

  /**
   * The label and scores for one PNG or JPEG image.
   *
   * @throws IllegalArgumentException if the bytes are not an image
   */
  @Timed(percentiles = {0.5, 0.95, 0.99})
  @Cached(maxSize = 1024)
  @InferenceMode
  public Prediction predict(byte[] imageBytes) {
    probe.observe(this);
    try (NDManager manager = model.manager().newSubManager()) {
      float[] probabilities = model.forward(Pixels.tensor(manager, Pixels.decode(imageBytes), imageSize))
          .softmax(1)
          .toFloatArray();
      return Prediction.of(labels, probabilities);
    }
  }

  /** Grad mode and training flag as seen inside {@link #predict} (cache misses only). */
  public GradProbe.Checks gradChecks() {
    return probe.checks();
  }

  public List<String> labels() {
    return labels;
  }
}
