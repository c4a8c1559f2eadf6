package dev.decor.examples.spring;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.decor.Batched;
import dev.decor.InferenceMode;
import dev.decor.Timed;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.GradProbe;
import dev.decor.examples.model.ModelService;
import dev.decor.examples.model.Pixels;
import dev.decor.examples.serve.Prediction;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The model call itself, batched or one image at a time — Python's Ray Serve
 * {@code @serve.batch(max_batch_size=32, batch_wait_timeout_s=0.002)} over a
 * {@code @torch.inference_mode()} {@code def classify_all(self, images)}.
 *
 * <p>{@link #classify} is the batched entry point: concurrent callers, each with its image's
 * {@link #input} (resized on the caller's thread), are queued and {@link #classifyAll} runs once
 * per batch of up to 32 images (stacked into one {@code (N, 1, H, W)} array, one forward pass)
 * on a decor batch worker thread; its
 * {@code @InferenceMode} turns grad off and the model to evaluation mode on that worker.
 * {@code eager}: a miss that finds the model idle goes at once (a forward of one image costs
 * about as much as the 2 ms wait would); misses that arrive while a batch runs wait for the next.
 * {@link #classifyOne} is the unbatched forward of one image on the calling thread
 * ({@code sample.batching=false}). Both forwards carry {@code @Timed("model.inference")}: the
 * model's own timer (per batch, or per image), apart from {@link #classify}'s, which times what a
 * caller waits (queue and batch), and from the cached {@link PredictionService#predict}'s.
 *
 * <p>The app uses the processor's generated {@code DecoratedShapeModel} (created by
 * {@link InferenceConfiguration}); the build leaves this class unwoven, so each call is
 * decorated once. Thread-safe as far as the model's {@code forward} is.
 */
public class ShapeModel extends ModelService {
  /** The architecture's name in {@link #weightsId}. */
  public static final String NAME = "shape-cnn";

  private final List<String> labels;
  private final int imageSize;
  private final GradProbe batchProbe = new GradProbe();
  private final GradProbe itemProbe = new GradProbe();
  private volatile String weightsId;

  public ShapeModel(Backbone model, List<String> labels, int imageSize) {
    super(model);
    this.labels = List.copyOf(labels);
    this.imageSize = imageSize;
  }

  /**
   * The network's input for {@code image} (an sRGB or gray-expanded {@link ImageDecoder} result):
   * its {@code size × size} grays in [-1, 1] ({@link Pixels#write}: resized if it is not that
   * size). Computed by the caller, on its own thread, so what waits for a batch is this small
   * array rather than the decoded image, and the batch worker runs forwards only: a large image's
   * resize (seconds for 4096×4096 at 16 bits) delays no other request. Not decorated.
   */
  public float[] input(BufferedImage image) {
    float[] grays = new float[imageSize * imageSize];
    Pixels.write(image, imageSize, grays, 0);
    return grays;
  }

  /**
   * The label and scores for one image's {@link #input}, answered by {@link #classifyAll}
   * together with the inputs of concurrent callers. The body never runs: decor routes the call
   * into a batch. An input not in a batch within 2 s is dropped unprocessed (the caller gets
   * {@code DeadlineExceededException}, a 503), as is one whose caller's 5 s {@code @Timeout}
   * ({@link PredictionService}) passes first; {@code decor.batch.deadline.drops} counts them.
   */
  @Timed
  @Batched(method = "classifyAll", maxSize = 32, maxWait = "2ms", eager = true,
      percentiles = {0.5, 0.99}, queueTimeout = "2s")
  public Prediction classify(float[] input) {
    throw new IllegalStateException(
        "ShapeModel.classify is @Batched and answered by classifyAll: create DecoratedShapeModel, not ShapeModel");
  }

  /** The predictions for {@code inputs}, in order, from ONE forward pass over all of them. */
  @Timed(value = "model.inference", percentiles = {0.5, 0.95, 0.99})
  @InferenceMode
  public List<Prediction> classifyAll(List<float[]> inputs) {
    batchProbe.observe(this);
    return forward(inputs);
  }

  /** The unbatched forward: one image's {@link #input} alone, on the calling thread. */
  @Timed(value = "model.inference", percentiles = {0.5, 0.95, 0.99})
  @InferenceMode
  public Prediction classifyOne(float[] input) {
    itemProbe.observe(this);
    return forward(List.of(input)).get(0);
  }

  private List<Prediction> forward(List<float[]> inputs) {
    int n = inputs.size();
    int pixels = imageSize * imageSize;
    float[] data = new float[n * pixels];
    for (int i = 0; i < n; i++) {
      System.arraycopy(inputs.get(i), 0, data, i * pixels, pixels);
    }
    float[] scores;
    try (NDManager manager = model.manager().newSubManager()) {
      scores = model.forward(manager.create(data, new Shape(n, 1, imageSize, imageSize))).softmax(1).toFloatArray();
    }
    int classes = labels.size();
    List<Prediction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] one = new float[classes];
      System.arraycopy(scores, i * classes, one, 0, classes);
      out.add(Prediction.of(labels, one));
    }
    return out;
  }

  /** Grad mode and training flag as seen inside {@link #classifyAll}, on the batch workers. */
  public GradProbe.Checks batchGradChecks() {
    return batchProbe.checks();
  }

  /** Grad mode and training flag as seen inside {@link #classifyOne}, on the callers' threads. */
  public GradProbe.Checks itemGradChecks() {
    return itemProbe.checks();
  }

  /**
   * Which weights this model serves: {@code shape-cnn@sha256:<hex>}, the SHA-256 of its
   * parameters as {@link #writeParameters} writes them (DJL's parameter file format), so two
   * models answer alike exactly when their ids are equal.
   *
   * @throws IllegalStateException before {@link #serveCurrentWeights} (while training)
   */
  public String weightsId() {
    String id = weightsId;
    if (id == null) {
      throw new IllegalStateException("the model is still training: its weights have no id yet");
    }
    return id;
  }

  /** Takes the current weights as final (training is over) and returns their {@link #weightsId}. */
  String serveCurrentWeights() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writeParameters(bytes);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
      weightsId = NAME + "@sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    return weightsId;
  }

  /** Writes the weights and batch-norm statistics (DJL's parameter format). */
  void writeParameters(OutputStream out) {
    try {
      DataOutputStream data = new DataOutputStream(out);
      model.saveParameters(data);
      data.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The backbone, for training it in place at start-up. */
  Backbone backbone() {
    return model;
  }
}
