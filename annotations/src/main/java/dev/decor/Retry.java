package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Predicate;

/**
 * Retries the annotated method on failure — decor's {@code @retry(max_attempts=…)}.
 *
 * <p>The policy is resilience4j's ({@code RetryConfig}, {@code IntervalFunction}) and its events
 * are published (see {@link dev.decor.retry.Retries}). After the last attempt the last exception
 * itself is rethrown, unwrapped, checked or not. {@link Error}s, {@link InterruptedException}
 * and {@link java.util.concurrent.CancellationException} are never retried; an interrupt during
 * a wait stops retrying, rethrows the last exception and leaves the interrupt flag set. A method
 * returning a {@link java.util.concurrent.CompletionStage} is retried asynchronously.
 *
 * <p>{@link #retryOn()} and {@link #ignore()} judge the exception the method threw, as tenacity's
 * {@code retry_if_exception_type} does: a {@code CompletionException} or
 * {@code ExecutionException} thrown by code that calls {@code join()}/{@code get()} is judged as
 * itself, not by its cause. For an asynchronous method the judged exception is the failure of the
 * returned stage with its {@code CompletionException}/{@code ExecutionException} layers removed,
 * as {@code join()} callers see it. Listing an {@link Error} in {@code retryOn} is an error
 * ({@code [decor/RetryOnError]}); declaring a {@code CompletableFuture} subtype as the result is
 * too ({@code [decor/AsyncReturnType]}).
 *
 * <pre>{@code
 * @Retry(maxAttempts = 5, delay = "20ms", multiplier = 2, ignore = IllegalArgumentException.class)
 * public byte[] fetch(String key) throws IOException { ... }
 * }</pre>
 *
 * <p>{@link #retryIf()} retries on a result — tenacity's {@code retry_if_result}: a
 * {@code Predicate} of the method's result type (of the stage's value for an asynchronous method;
 * checked at compile time, {@code [decor/RetryIfType]}) that answers true for a result worth
 * another attempt. After the last attempt the caller gets that last result, as tenacity's
 * {@code reraise=True} gives the last outcome. {@link #maxDuration()} is a time budget —
 * tenacity's {@code stop_before_delay}: no attempt starts later than that after the first one
 * started, on the engine's clock; the last failure is rethrown, or the last result returned.
 * {@link #log()} logs one WARN line per retry ({@code dev.decor.Retry}: the method, the attempt,
 * the wait and what went wrong).
 *
 * <pre>{@code
 * @Retry(maxAttempts = 10, delay = "50ms", multiplier = 2, maxDuration = "2s",
 *     retryIf = NotReady.class, log = true)
 * public Job status(String id) { ... }
 *
 * public static final class NotReady implements Predicate<Job> {
 *   public boolean test(Job job) { return job.state() == State.RUNNING; }
 * }
 * }</pre>
 *
 * <p>Invocation contract: the method proceeds up to {@code maxAttempts} times per call.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Retry {
  /** Total attempts, including the first; at least 1. */
  int maxAttempts() default 3;

  /** Wait before the second attempt, e.g. {@code "100ms"}; {@code "0ms"} retries at once. */
  String delay() default "0ms";

  /** Exponential backoff factor applied to each further wait; at least 1.0. */
  double multiplier() default 1.0;

  /** Cap on any single wait; empty means no cap. */
  String maxDelay() default "";

  /** Randomization factor in [0, 1): each wait is drawn from {@code wait × (1 ± jitter)}. */
  double jitter() default 0.0;

  /** Exceptions that trigger a retry (subtypes included); no {@link Error}s. */
  Class<? extends Throwable>[] retryOn() default {Exception.class};

  /** Exceptions rethrown at once; wins over {@link #retryOn()} for a subtype of both. */
  Class<? extends Throwable>[] ignore() default {};

  /**
   * A {@code Predicate<R>} of the method's result {@code R} that answers true to retry; a class
   * with a public no-argument constructor, created once per method. {@code Predicate.class} (the
   * default) judges no result.
   */
  @SuppressWarnings("rawtypes")
  Class<? extends Predicate> retryIf() default Predicate.class;

  /**
   * The time budget, e.g. {@code "5s"}: no attempt starts later than this after the first one
   * started. Empty (the default): no budget, only {@link #maxAttempts()}.
   */
  String maxDuration() default "";

  /** Log one WARN line per retry through SLF4J (logger {@code dev.decor.Retry}). */
  boolean log() default false;
}
