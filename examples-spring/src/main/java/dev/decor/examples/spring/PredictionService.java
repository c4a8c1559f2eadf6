package dev.decor.examples.spring;

import dev.decor.CacheNamespace;
import dev.decor.Cached;
import dev.decor.Timed;
import dev.decor.examples.serve.Prediction;

/**
 * Bytes in, prediction out — Python's {@code @timer @lru_cache(maxsize=1024) def predict(image_bytes)}.
 *
 * <p>A Spring bean created with {@code new} and decorated by compile-time weaving (no proxy):
 * {@code @Cached} keys on a content digest of the bytes, so a repeated image skips decoding and
 * the model; {@code @Timed} counts hits and misses alike ({@code method.timed}, method
 * {@code predict}). A miss decodes and resizes the image to the model's input on the request
 * thread (holding its share of the decode budget meanwhile), then goes through the batched
 * {@link ShapeModel#classify} (one forward pass for the images of concurrent requests) or, with
 * {@code sample.batching=false}, the unbatched {@link ShapeModel#classifyOne}; a hit never queues.
 * Rejected images throw {@link ImageRejectedException} and are not cached. Thread-safe.
 */
public class PredictionService implements CacheNamespace {
  private final ImageDecoder decoder;
  private final ShapeModel model;
  private final boolean batching;

  /** @param batching whether misses go through the batched model call */
  public PredictionService(ImageDecoder decoder, ShapeModel model, boolean batching) {
    this.decoder = decoder;
    this.model = model;
    this.batching = batching;
  }

  /**
   * The label and scores for one PNG, JPEG, GIF or BMP image.
   *
   * @throws ImageRejectedException if the bytes are not an image, or one too large to decode
   */
  @Timed
  @Cached(maxSize = 1024)
  public Prediction predict(byte[] imageBytes) {
    // The decoded image is resized to the model's input while its decode's bytes are still reserved;
    // only that small array waits for a batch.
    float[] input = decoder.decode(imageBytes, model::input);
    return batching ? model.classify(input) : model.classifyOne(input);
  }

  /**
   * The served weights' {@link ShapeModel#weightsId id}: in a shared cache, replicas find each
   * other's results only when they serve the same weights.
   */
  @Override
  public String cacheNamespace() {
    return model.weightsId();
  }
}
