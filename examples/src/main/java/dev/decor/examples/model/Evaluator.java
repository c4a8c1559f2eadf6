package dev.decor.examples.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.decor.InferenceMode;
import dev.decor.Timed;
import dev.decor.examples.data.ImageFolder;
import dev.decor.examples.data.LabeledImage;
import dev.decor.examples.stream.Counter;
import dev.decor.examples.stream.Itertools;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures a model's accuracy on a held-out folder, streaming it in batches — Python's
 * {@code @torch.inference_mode() def evaluate(model, loader)} with {@code model.eval()}.
 *
 * <p>{@link #evaluate} is {@code @InferenceMode}: this object is a {@link ModelService} (it forwards
 * the training flag to the model), so the model is switched to evaluation mode for the call and back afterwards, and
 * grad is off throughout. In the app this class is woven by AspectJ at compile time. Not for
 * concurrent use while the model trains.
 */
public class Evaluator extends ModelService {
  private final List<String> labels;
  private final int imageSize;
  private final int batchSize;
  private final GradProbe probe = new GradProbe();

  public Evaluator(Backbone model, List<String> labels, int imageSize, int batchSize) {
    super(model);
    this.labels = List.copyOf(labels);
    this.imageSize = imageSize;
    this.batchSize = batchSize;
  }

  /** Correct and total counts, and the mistakes per true label. */
  public record Result(long correct, long total, Counter<String> errorsByLabel) {
    public double accuracy() {
      return total == 0 ? 0 : correct / (double) total;
    }
  }

  /** The model's accuracy on {@code folder}; at most one batch of images is in memory at a time. */
  @Timed(percentiles = {0.5, 0.95, 0.99})
  @InferenceMode
  public Result evaluate(ImageFolder folder) {
    long correct = 0;
    long total = 0;
    Counter<String> errors = new Counter<>();
    try (Stream<List<LabeledImage>> batches = Itertools.batched(folder.stream(), batchSize)) {
      for (List<LabeledImage> batch : (Iterable<List<LabeledImage>>) batches::iterator) {
        probe.observe(this);
        int[] predicted = predictBatch(batch);
        for (int i = 0; i < batch.size(); i++) {
          String truth = batch.get(i).label();
          if (labels.get(predicted[i]).equals(truth)) {
            correct++;
          } else {
            errors.add(truth);
          }
        }
        total += batch.size();
      }
    }
    return new Result(correct, total, errors);
  }

  private int[] predictBatch(List<LabeledImage> batch) {
    int stride = imageSize * imageSize;
    float[] pixels = new float[batch.size() * stride];
    for (int i = 0; i < batch.size(); i++) {
      Pixels.write(batch.get(i).image(), imageSize, pixels, i * stride);
    }
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray x = manager.create(pixels, new Shape(batch.size(), 1, imageSize, imageSize));
      long[] argmax = model.forward(x).argMax(1).toLongArray();
      int[] out = new int[argmax.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (int) argmax[i];
      }
      return out;
    }
  }

  /** Grad mode and training flag as seen inside {@link #evaluate}, once per batch. */
  public GradProbe.Checks gradChecks() {
    return probe.checks();
  }
}
