package dev.decor.examples.spring;

import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.examples.config.TrainingConfig;
import dev.decor.examples.data.DatasetGenerator;
import dev.decor.examples.data.ImageFolder;
import dev.decor.examples.model.TrainingSet;
import java.io.UncheckedIOException;

/**
 * Loads the training set from disk, writing the synthetic dataset first if it is missing — a
 * Spring bean decorated by compile-time weaving. Reading a data directory (often a network mount
 * in production) can fail transiently, so the load is retried:
 * {@code @Retry(maxAttempts = 3, delay = "200ms", multiplier = 2)} on {@link UncheckedIOException};
 * its resilience4j counters appear as {@code resilience4j_retry_calls_total{name="TrainingData.load"}}.
 * Stateless; thread-safe.
 */
public class TrainingData {
  @Timed
  @Retry(maxAttempts = 3, delay = "200ms", multiplier = 2, retryOn = UncheckedIOException.class)
  public TrainingSet load(TrainingConfig config) {
    DatasetGenerator.generateIfMissing(
        config.trainDir(), config.labels(), config.imagesPerClass(), config.imageSize(), config.seed());
    DatasetGenerator.generateIfMissing(
        config.testDir(), config.labels(), config.testImagesPerClass(), config.imageSize(), config.seed() + 1);
    return TrainingSet.load(new ImageFolder(config.trainDir()), config.labels(), config.imageSize());
  }
}
