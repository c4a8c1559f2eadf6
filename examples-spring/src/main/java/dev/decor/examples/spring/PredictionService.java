package dev.decor.examples.spring;

import dev.decor.CacheNamespace;
import dev.decor.Cached;
import dev.decor.Fallback;
import dev.decor.ConcurrencyLimit;
import dev.decor.Timed;
import dev.decor.Timeout;
import dev.decor.examples.serve.Prediction;
import java.awt.image.BufferedImage;
import org.springframework.http.HttpStatus;

/**
 * Bytes in, prediction out — Python's {@code @timer @lru_cache(maxsize=1024) def predict(image_bytes)}.
 *
 * <p>A Spring bean created with {@code new} and decorated by compile-time weaving (no proxy):
 * {@code @Cached} keys on a content digest of the bytes, so a repeated image skips decoding and
 * the model; {@code @Timed} counts hits and misses alike ({@code method.timed}, method
 * {@code predict}). A miss decodes on the request thread, then goes through the batched
 * {@link ShapeModel#classify} (one forward pass for the images of concurrent requests) or, with
 * {@code sample.batching=false}, the unbatched {@link ShapeModel#classifyOne}; a hit never queues.
 * Rejected images throw {@link ImageRejectedException} and are not cached.
 *
 * <p>A miss is bounded twice, inside the cache (a hit skips both): {@code @ConcurrencyLimit}
 * admits at most 64 misses at once — decoding and forward passes whose memory the process must
 * hold — and a miss that finds them all taken waits at most 1 s, then is answered 503
 * ({@link OverloadAdvice}) instead of queueing without bound; {@code @Timeout} ends a miss that
 * has not finished in 5 s, its wait for admission included: the request thread is interrupted
 * (a wait for its batch ends and drops the image if it was not dispatched yet) and the client
 * gets a 503 too.
 *
 * <p>When the model itself fails (a forward that throws, a batch queue that is full, an engine
 * shutting down), the {@code @Fallback} answers a clean 503 problem instead of a 500 — Python's
 * {@code except Exception: raise HTTPException(503)} — and nothing is cached. Thread-safe.
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
   * @throws java.util.concurrent.RejectedExecutionException if 64 misses are running and none
   *     ends within 1 s
   * @throws dev.decor.DeadlineExceededException if the miss did not finish within 5 s
   */
  @Timed
  @Fallback(method = "modelFailed", ignore = ImageRejectedException.class)
  @Cached(maxSize = 1024)
  @Timeout("5s")
  @ConcurrencyLimit(value = 64, maxWait = "1s")
  public Prediction predict(byte[] imageBytes) {
    BufferedImage image = decoder.decode(imageBytes);
    return batching ? model.classify(image) : model.classifyOne(image);
  }

  /** {@link #predict}'s fallback when the model failed: a 503 problem that names the failure. */
  Prediction modelFailed(byte[] imageBytes, Exception failure) {
    throw new ImageRejectedException(HttpStatus.SERVICE_UNAVAILABLE,
        "the model could not answer (" + failure.getClass().getSimpleName() + "); retry shortly",
        failure);
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
