package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stops the annotated method at a deadline — MicroProfile's {@code @Timeout}, resilience4j's
 * {@code TimeLimiter}, but the work is stopped rather than abandoned. Python has no decorator
 * that does this: {@code asyncio.timeout} cancels coroutines only, and a thread cannot be stopped
 * from outside.
 *
 * <p>A synchronous body runs on the caller's thread (no thread per call). At the deadline,
 * counted on the engine's clock from the call's start, that thread is interrupted — a platform
 * thread, a virtual thread, or, for a virtual caller inside a {@code @NoGrad}/{@code
 * @InferenceMode} region, the decor model thread running the body — and the caller gets
 * {@link DeadlineExceededException} (unchecked, {@code [decor/Timeout]}), or
 * {@link java.util.concurrent.TimeoutException} when the method declares that one. A body that
 * ignores the interrupt returns late: the caller then gets the timeout all the same, the late
 * result is discarded, and the overrun is counted ({@code decor.timeout.overruns}) and logged once
 * per method ({@code [decor/TimeoutOverrun]}). The interrupt never outlives the call: the flag is
 * cleared before the caller sees the timeout, and a call that ends before the deadline is never
 * interrupted afterwards. One timer thread per engine watches every deadline.
 *
 * <p>A method returning a {@link java.util.concurrent.CompletionStage}: the caller's stage fails
 * with the same exception at the deadline and the method's own stage is cancelled
 * ({@code cancel(true)}). Iterators and streams are bounded while the method runs, not while they
 * are consumed.
 *
 * <pre>{@code
 * @Retry(maxAttempts = 2)
 * @Timeout("250ms")          // each attempt gets 250 ms
 * public Prediction predict(byte[] image) { ... }
 * }</pre>
 *
 * <p>Under {@code @Retry} each attempt has its own deadline, and a {@link
 * DeadlineExceededException} is retried like any exception. Around a {@code @ConcurrencyLimit}
 * the deadline covers the wait for a permit. The deadline of the innermost running
 * {@code @Timeout} is visible to the code it calls on the same thread
 * ({@code dev.decor.timeout.Timeouts.remaining()}).
 *
 * <p>Invocation contract: the method proceeds exactly once per call.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Timeout {
  /** The time a call may take, e.g. {@code "250ms"} or {@code "2s"}; positive. */
  String value();
}
