package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Dynamic batching — decor's counterpart of Ray Serve's {@code @serve.batch}: single-item callers
 * of the annotated method are queued, and decor calls the class's batch method {@link #method()}
 * once per batch of up to {@link #maxSize()} items, on a decor-owned platform worker thread.
 *
 * <pre>{@code
 * @Batched(method = "predictAll", maxSize = 32, maxWait = "5ms")
 * public Prediction predict(Image image) { throw new AssertionError("batched"); }  // never runs
 *
 * @InferenceMode                                    // applies around each batch, on the worker
 * public List<Prediction> predictAll(List<Image> images) { ... one forward pass ... }
 * }</pre>
 *
 * <p>The annotated method takes exactly one parameter {@code In} and returns {@code Out} (the
 * caller waits) or {@code CompletableFuture<Out>} (the caller gets the item's future); its body
 * is never run. The batch method of the same class takes {@code List<In>} and returns a
 * {@code List<Out>} of the same size, result {@code i} answering item {@code i}. A batch is
 * dispatched when it is full or when {@link #maxWait()} has passed since its first item was
 * queued (at once, with {@link #eager()}, when that item found the batcher idle); at most {@link #maxConcurrency()} batches of one receiver run at once; a full queue
 * rejects at once ({@code [decor/BatchQueueFull]}, backpressure). A wrong-sized result list fails
 * every item of the batch ({@code [decor/BatchResultSize]}); an exception fails every item, or
 * only some when the batch method throws {@link PartialBatchFailure}. A cancelled item future is
 * dropped before dispatch.
 *
 * <p>Composes with {@code @Timed} (times what the caller waits) and {@code @Cached} (a hit never
 * queues) on the same method, in that order; put {@code @Retry}, {@code @NoGrad} and
 * {@code @InferenceMode} on the batch method, where they apply around each batch.
 *
 * <p>Invocation contract: the annotated method's body proceeds zero times; the batch method runs
 * once per batch, its items from one receiver.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Batched {
  /** The batch method of the same class: {@code List<Out> method(List<In>)}. */
  String method();

  /** Most items per batch (at least 1). */
  int maxSize() default 32;

  /** How long the first queued item waits for more before its batch goes anyway, e.g. {@code "5ms"}. */
  String maxWait() default "5ms";

  /** Most batches of one receiver running at once (at least 1). */
  int maxConcurrency() default 1;

  /** Most items waiting to be dispatched (at least 1); one more is rejected at once. */
  int queueCapacity() default 1024;

  /**
   * Whether an item that finds the batcher idle — nothing queued, no batch running — goes at
   * once instead of waiting {@link #maxWait()} for company (Triton's dynamic batcher without a
   * queue delay). Items that arrive while a batch runs still wait up to {@code maxWait}. For
   * models that cost little next to {@code maxWait}, e.g. on a CPU: a lone caller then pays no
   * wait, and batches still form under load.
   */
  boolean eager() default false;

  /**
   * How long an item may wait for its batch to start, e.g. {@code "50ms"}; empty (the default):
   * no limit of its own. An item not dispatched in time is dropped unprocessed and fails with
   * {@link DeadlineExceededException} ({@code [decor/BatchQueueTimeout]}); a caller's
   * {@code @Timeout} on the same method bounds the wait the same way. A batch never waits past
   * the earliest deadline of its items.
   */
  String queueTimeout() default "";

  /**
   * Batch sizes the model runs best at, ascending and comma-separated, e.g. {@code "8, 16, 32"}
   * (Triton's {@code preferred_batch_size}); empty (the default): none. A batch goes as soon as
   * the queue holds a preferred size, without waiting for more; when {@code maxWait} ends it takes
   * the largest preferred size the queue holds, leaving the rest for the next batch.
   */
  String preferredSizes() default "";

  /**
   * Most total cost per batch (tokens, pixels), as {@link #cost()} measures each item; 0 (the
   * default): no cost limit. A batch goes when its items reach it; an item costing more than
   * {@code maxCost} goes in a batch of its own.
   */
  long maxCost() default 0;

  /**
   * The method of the same class that measures an item for {@link #maxCost()}:
   * {@code long cost(In)} or {@code int cost(In)}; it runs on the caller's thread, once per item.
   */
  String cost() default "";

  /**
   * Whether the wait adapts to the traffic: a batch goes once items stop coming (no arrival for
   * four of the gaps seen inside bursts, and at least a 32nd of a batch time), never waiting
   * longer than {@code maxWait}; at once when bursts come slower than a batch takes, and for a
   * lone caller (docs/batching.md, "Adaptive waiting").
   */
  boolean adaptive() default false;

  /**
   * Percentiles of the batch size ({@code decor.batch.size}) and the queue wait
   * ({@code decor.batch.queue.wait}) computed in the process, each a quantile in [0, 1] — as
   * {@link Timed#percentiles()}.
   */
  double[] percentiles() default {};

  /**
   * Publish a percentile histogram of the queue wait too (the batch size always has one), as
   * {@link Timed#histogram()}.
   */
  boolean histogram() default false;

  /** Service-level objectives of the queue wait: histogram buckets at these durations, e.g. {@code {"1ms", "5ms"}}. */
  String[] slo() default {};
}
