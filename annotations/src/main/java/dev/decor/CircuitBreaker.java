package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stops calling the annotated method while it keeps failing — pybreaker's
 * {@code @CircuitBreaker(fail_max=…, reset_timeout=…)}, on resilience4j's {@code CircuitBreaker}.
 *
 * <p>The breaker counts the outcomes of the last {@link #window()} calls. Once the window is full
 * and at least {@link #failureRate()} percent of it failed (or, with {@link #slowCall()} set, at
 * least {@link #slowCallRate()} percent took longer than {@code slowCall}), it opens: for
 * {@link #openFor()} every call fails at once with resilience4j's
 * {@code io.github.resilience4j.circuitbreaker.CallNotPermittedException}, without running the
 * method. Then it lets {@link #halfOpenCalls()} probe calls through (half-open): if fewer than
 * {@code failureRate} percent of them fail it closes, otherwise it opens again. Time is the
 * engine's clock ({@code Decor.builder().nanoTime(…)}), so tests move it instead of sleeping; no
 * thread is started for the transitions (the next call after {@code openFor} makes it).
 *
 * <p>Which failures count: an exception listed in {@link #ignore()} is not counted at all;
 * otherwise one listed in {@link #recordOn()} counts as a failure; any other exception counts as a
 * success (the method answered). {@code ignore} wins for a subtype of both, as in {@code @Retry}.
 * An {@link Error} counts only when {@code recordOn} lists it (or {@code Throwable}); an
 * {@link InterruptedException} or a {@link java.util.concurrent.CancellationException} never
 * counts (the caller stopped, not the method). The method's own exception is rethrown unwrapped.
 * A method returning a {@link java.util.concurrent.CompletionStage} is recorded when its stage
 * completes, judged by the stage's failure without its {@code CompletionException} layers; while
 * open it returns a failed stage instead of throwing.
 *
 * <p>Each method has its own breaker, named as decor names the method ({@code Class.method});
 * methods that give the same {@link #name()} share one (one dependency behind several methods),
 * and must then declare the same settings. The breaker, its events and its state are
 * resilience4j's ({@code dev.decor.breaker.CircuitBreakers.get(name)}, {@code Decor.circuitBreaker});
 * each engine has its own, reporting {@code decor.breaker.*} meters to its MeterRegistry.
 *
 * <pre>{@code
 * @CircuitBreaker(failureRate = 50, window = 20, openFor = "5s", slowCall = "1s")
 * public byte[] fetch(String key) throws IOException { ... }
 * }</pre>
 *
 * <p>Order: inside {@code @Retry} (each attempt asks the breaker: add
 * {@code CallNotPermittedException} to {@code @Retry(ignore)} to fail fast while it is open) and
 * inside {@code @Fallback} (an open breaker falls back). Not on a {@code @Batched} item method: put
 * it on the batch method. Invocation contract: proceeds zero times (open) or once.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CircuitBreaker {
  /** Percentage of failed calls in a full window that opens the breaker; 1 to 100. */
  int failureRate() default 50;

  /** How many of the latest calls the rates are computed over; at least 1. */
  int window() default 20;

  /** How long the breaker stays open before letting probe calls through, e.g. {@code "5s"}; at least 1 ms. */
  String openFor() default "5s";

  /** How many probe calls a half-open breaker lets through; at least 1. */
  int halfOpenCalls() default 3;

  /** A call taking longer than this is slow, e.g. {@code "1s"}; empty (the default) tracks no slow calls. */
  String slowCall() default "";

  /** Percentage of slow calls in a full window that opens the breaker; 1 to 100. */
  int slowCallRate() default 100;

  /** Exceptions that count as failures (subtypes included); Errors only when listed. */
  Class<? extends Throwable>[] recordOn() default {Exception.class};

  /** Exceptions not counted at all; wins over {@link #recordOn()} for a subtype of both. */
  Class<? extends Throwable>[] ignore() default {};

  /** The breaker's name, shared by every method giving it; empty means the method's decor name. */
  String name() default "";
}
