package dev.decor.examples.spring;

import dev.decor.examples.config.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The service's settings ({@code sample.*} in {@code application.properties}), immutable.
 *
 * @param dataDir where the synthetic dataset lives (generated there if missing)
 * @param imagesPerClass training images per class
 * @param testImagesPerClass held-out images per class
 * @param epochs training epochs at start-up
 * @param maxImageBytes largest accepted request body; more is refused with 413
 * @param maxImageSide largest accepted width or height, read from the image header before
 *     decoding; more is refused with 422
 * @param bodyBudget bytes of request bodies held in memory at once across all requests, reserved
 *     before a body's buffer is allocated; a body that does not fit is refused at once with 503
 * @param decodeBudget bytes that images being decoded may hold at once across all requests,
 *     estimated from each image's header before decoding; a request that cannot get its share
 *     within {@code decodeWait} is refused with 503
 * @param decodeWait how long a request waits for its share of {@code decodeBudget}
 * @param bodyReadTimeout how long a request body may take to arrive in total (a client that
 *     dribbles it gets 408)
 * @param batching whether concurrent misses share one forward pass ({@code @Batched}); false runs
 *     one forward per image on the request thread
 */
@ConfigurationProperties("sample")
public record SampleProperties(
    Path dataDir,
    int imagesPerClass,
    int testImagesPerClass,
    int epochs,
    DataSize maxImageBytes,
    int maxImageSide,
    DataSize bodyBudget,
    DataSize decodeBudget,
    Duration decodeWait,
    Duration bodyReadTimeout,
    boolean batching) {

  /** The training settings: the batch job's defaults with this service's data and epochs. */
  public TrainingConfig training() {
    return TrainingConfig.defaults()
        .withDataDir(dataDir)
        .withImagesPerClass(imagesPerClass, testImagesPerClass)
        .withEpochs(epochs);
  }
}
