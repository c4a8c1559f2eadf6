package dev.decor.examples.spring;

import dev.decor.CacheNamespace;
import dev.decor.Cached;
import dev.decor.ConcurrencyLimit;
import dev.decor.DeadlineExceededException;
import dev.decor.Fallback;
import dev.decor.Timed;
import dev.decor.Timeout;
import dev.decor.examples.serve.Prediction;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.http.HttpStatus;

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
 * Rejected images throw {@link ImageRejectedException} and are not cached.
 *
 * <p>A miss is bounded by bytes, then by count and time. Its decode holds a share of the decode
 * budget ({@link ImageDecoder}: memory, reserved before allocating, 503 when it stays full). Then
 * its model call, {@link #classify}, is bounded twice: {@code @ConcurrencyLimit} admits at most 64
 * at once, and one that finds them all taken waits at most 1 s, then is answered 503
 * ({@link OverloadAdvice}) instead of queueing without bound; {@code @Timeout} ends one that has
 * not finished in 5 s, its wait for admission included: the request thread is interrupted (a wait
 * for its batch ends and drops the input if it was not dispatched yet) and the client gets a 503
 * too. The decode stays outside both: requests waiting for the decode budget must not hold the
 * model's permits (normal images would find them taken by large ones), and a large image's
 * decode, seconds on a busy machine, is bounded by its budget, not cut by the model's timeout.
 * A hit skips all of it.
 *
 * <p>When the model itself fails (a forward that throws, a batch the engine dropped as it shut
 * down), the {@code @Fallback} answers a clean 503 problem instead of a 500 — Python's
 * {@code except Exception: raise HTTPException(503)} — and nothing is cached. It leaves alone what
 * already has its answer: a rejected image (its own 400/413/415/422/503) and overload (the limit's,
 * a full batch queue's or a closed engine's {@link RejectedExecutionException}, the timeout's
 * {@link DeadlineExceededException}: {@link OverloadAdvice}'s 503 with decor's message). Every
 * one of them is the same {@code application/problem+json} ({@link ErrorResponses}). Thread-safe.
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
   * @throws ImageRejectedException if the bytes are not an image, or one too large to decode, or
   *     the decode budget stays full; 503 if the model failed
   * @throws RejectedExecutionException if 64 model calls are running and none ends within 1 s
   * @throws DeadlineExceededException if the model call did not finish within 5 s
   */
  @Timed
  @Fallback(method = "modelFailed",
      ignore = {ImageRejectedException.class, RejectedExecutionException.class, DeadlineExceededException.class})
  @Cached(maxSize = 1024)
  public Prediction predict(byte[] imageBytes) {
    // The decoded image is resized to the model's input while its decode's bytes are still reserved;
    // only that small array waits for a batch.
    return classify(decoder.decode(imageBytes, model::input));
  }

  /**
   * The model's answer for one decoded input: the batched {@link ShapeModel#classify} or the
   * unbatched {@link ShapeModel#classifyOne}, at most 64 at once and within 5 s. Woven, so the
   * call from {@link #predict} is decorated as any other.
   */
  @Timeout("5s")
  @ConcurrencyLimit(value = 64, maxWait = "1s")
  Prediction classify(float[] input) {
    return batching ? model.classify(input) : model.classifyOne(input);
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
