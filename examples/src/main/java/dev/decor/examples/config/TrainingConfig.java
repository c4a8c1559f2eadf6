package dev.decor.examples.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one training run, as an immutable value — Python's {@code @dataclass(frozen=True)}
 * with {@code field(default_factory=list)}, minus the mutable-default pitfall: the label list is
 * copied into an unmodifiable {@link List#copyOf} and cannot be shared or changed afterwards.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.defaults().withEpochs(4).withLearningRate(0.003);
 * }</pre>
 *
 * <p>Every component is checked in the compact constructor, so an invalid config cannot exist:
 * {@code withLearningRate(-0.1)} throws {@code IllegalArgumentException("learningRate must be
 * positive, was -0.1")}. Immutable and thread-safe.
 *
 * @param dataDir where the dataset lives (generated there if missing)
 * @param labels the classes, in output order
 * @param imagesPerClass training images written per class
 * @param testImagesPerClass held-out images written per class
 * @param imageSize images are {@code imageSize}×{@code imageSize} pixels
 * @param epochs passes over the training set
 * @param batchSize images per optimizer step
 * @param learningRate Adam's step size
 * @param seed seeds data generation and shuffling, so runs repeat
 */
public record TrainingConfig(
    Path dataDir,
    List<String> labels,
    int imagesPerClass,
    int testImagesPerClass,
    int imageSize,
    int epochs,
    int batchSize,
    double learningRate,
    long seed) {

  public TrainingConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
    if (labels.size() < 2) {
      throw new IllegalArgumentException("labels must name at least 2 classes, was " + labels);
    }
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("labels must be distinct, was " + labels);
    }
    atLeast("imagesPerClass", imagesPerClass, 1);
    atLeast("testImagesPerClass", testImagesPerClass, 1);
    atLeast("imageSize", imageSize, 8);
    if (imageSize % 4 != 0) {
      throw new IllegalArgumentException("imageSize must be a multiple of 4, was " + imageSize);
    }
    atLeast("epochs", epochs, 1);
    atLeast("batchSize", batchSize, 1);
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
    }
  }

  /** The settings the main job uses: 3 shapes, 200 + 50 images each, 32 px, 10 epochs. */
  public static TrainingConfig defaults() {
    return new TrainingConfig(
        Path.of("target", "shapes"), List.of("circle", "square", "triangle"), 200, 50, 32, 10, 32, 0.003, 42L);
  }

  public TrainingConfig withDataDir(Path dataDir) {
    return new TrainingConfig(dataDir, labels, imagesPerClass, testImagesPerClass, imageSize, epochs, batchSize, learningRate, seed);
  }

  public TrainingConfig withImagesPerClass(int imagesPerClass, int testImagesPerClass) {
    return new TrainingConfig(dataDir, labels, imagesPerClass, testImagesPerClass, imageSize, epochs, batchSize, learningRate, seed);
  }

  public TrainingConfig withEpochs(int epochs) {
    return new TrainingConfig(dataDir, labels, imagesPerClass, testImagesPerClass, imageSize, epochs, batchSize, learningRate, seed);
  }

  public TrainingConfig withBatchSize(int batchSize) {
    return new TrainingConfig(dataDir, labels, imagesPerClass, testImagesPerClass, imageSize, epochs, batchSize, learningRate, seed);
  }

  public TrainingConfig withLearningRate(double learningRate) {
    return new TrainingConfig(dataDir, labels, imagesPerClass, testImagesPerClass, imageSize, epochs, batchSize, learningRate, seed);
  }

  public TrainingConfig withSeed(long seed) {
    return new TrainingConfig(dataDir, labels, imagesPerClass, testImagesPerClass, imageSize, epochs, batchSize, learningRate, seed);
  }

  /** The training images' folder. */
  public Path trainDir() {
    return dataDir.resolve("train");
  }

  /** The held-out images' folder. */
  public Path testDir() {
    return dataDir.resolve("test");
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }
}
