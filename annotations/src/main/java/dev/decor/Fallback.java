package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Answers with another method of the same class when the annotated one fails — Python's
 * {@code try: … except SomeError: return fallback(…)}, checked at compile time.
 *
 * <p>{@link #method()} names a method of the same class (declared or inherited) that takes the
 * same parameters, optionally followed by one more: the failure, typed {@code Throwable} or any
 * supertype of every class in {@link #on()} (so it can hold each failure that falls back). It
 * returns what the method returns: the same primitive, a subtype of the reference type, nothing
 * for a void method; for a method returning a {@link java.util.concurrent.CompletionStage}, either
 * the stage's value type or a stage of it. It is static exactly when the method is. The processor
 * checks all of this ({@code [decor/FallbackSignature]}, naming what is wrong and the signature it
 * expects); a woven class fails its first call with the same text.
 *
 * <pre>{@code
 * @Fallback(method = "predictOnCpu", on = CallNotPermittedException.class)
 * @CircuitBreaker(failureRate = 50, window = 20)
 * public Label predict(Image image) { ... }
 *
 * Label predictOnCpu(Image image, Throwable failure) { ... }
 * }</pre>
 *
 * <p>What falls back: an exception that is an instance of a class in {@link #on()} (default
 * {@code Exception}: with a breaker inside, its {@code CallNotPermittedException} falls back too)
 * and of none in {@link #ignore()} (which wins for a subtype of both). {@link Error}s,
 * {@link InterruptedException} and {@link java.util.concurrent.CancellationException} never fall
 * back (listing an {@code Error} in {@code on} is an error, {@code [decor/FallbackOnError]}). An
 * exception is judged as it was thrown; a {@code CompletionStage}'s failure without its
 * {@code CompletionException} layers, and the fallback runs when the stage fails (on the thread
 * completing it). What the fallback throws reaches the caller unwrapped.
 *
 * <p>Order: outside {@code @Cached}, {@code @Retry} and {@code @CircuitBreaker}, so it sees the
 * failure left after retries and the breaker, and its answer is never cached; inside
 * {@code @Timed}, which times the whole call, fallback included, as a success. Allowed on a
 * {@code @Batched} item method (an item whose batch fails falls back alone). The fallback is
 * called directly (generated code) or through a method handle found once (woven): no reflection
 * per call. In generated mode it must not be private (the subclass could not call it; weave the
 * class instead); in woven mode private and static fallbacks work. A fallback must not carry decor
 * annotations itself: it runs inside the chain of the method it stands in for. Invocation
 * contract: the method proceeds once; the fallback runs at most once.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Fallback {
  /** The name of the fallback method in the same class. */
  String method();

  /** Exceptions that fall back (subtypes included); no {@link Error}s. */
  Class<? extends Throwable>[] on() default {Exception.class};

  /** Exceptions rethrown as they are; wins over {@link #on()} for a subtype of both. */
  Class<? extends Throwable>[] ignore() default {};
}
