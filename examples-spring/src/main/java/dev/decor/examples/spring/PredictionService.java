package dev.decor.examples.spring;

import dev.decor.Cached;
import dev.decor.Timed;
import dev.decor.examples.serve.Prediction;

/**
 * Bytes in, prediction out — Python's {@code @timer @lru_cache(maxsize=1024) def predict(image_bytes)}.
 *
 * <p>A Spring bean created with {@code new} and decorated by compile-time weaving (no proxy):
 * {@code @Cached} keys on a content digest of the bytes, so a repeated image skips decoding and
 * the model; {@code @Timed} counts hits and misses alike ({@code method.timed}, method
 * {@code predict}); the model's own timer is on {@link ShapeModel#classify}. Rejected images
 * throw {@link ImageRejectedException} and are not cached. Thread-safe.
 */
public class PredictionService {
  private final ImageDecoder decoder;
  private final ShapeModel model;

  public PredictionService(ImageDecoder decoder, ShapeModel model) {
    this.decoder = decoder;
    this.model = model;
  }

  /**
   * The label and scores for one PNG, JPEG, GIF or BMP image.
   *
   * @throws ImageRejectedException if the bytes are not an image, or one too large to decode
   */
  @Timed
  @Cached(maxSize = 1024)
  public Prediction predict(byte[] imageBytes) {
    return model.classify(decoder.decode(imageBytes));
  }
}
