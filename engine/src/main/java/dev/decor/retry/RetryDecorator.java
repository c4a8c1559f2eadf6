package dev.decor.retry;

import dev.decor.internal.Durations;
import dev.decor.kernel.CallContext;
import dev.decor.kernel.Failures;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.RetrySpec;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @Retry}: re-runs the rest of the chain on failure, or on a result its {@code retryIf}
 * predicate rejects, with resilience4j deciding whether and how long to wait.
 *
 * <p>Invocation contract: proceeds up to {@code maxAttempts} times, and never starts an attempt
 * after {@code maxDuration} (from the first attempt's start, on the engine's clock). The success
 * path is a plain {@code try} (and, with {@code retryIf}, one predicate call): resilience4j's
 * per-call context is created only after a first failure or rejected result. The last exception
 * is rethrown as it is; after the last rejected result the caller gets that result (tenacity's
 * {@code retry_if_result} with {@code reraise}). {@link Error}s, {@link InterruptedException} and
 * {@link CancellationException} are never retried; an interrupt during a wait stops retrying,
 * rethrows the last exception (or returns the last result) and leaves the interrupt flag set. A
 * method returning a {@link CompletionStage} is retried asynchronously on its engine's
 * {@link dev.decor.kernel.Scheduler}, its stage's value judged by {@code retryIf}; a synchronous
 * throw from it counts as a failed attempt and surfaces as a failed stage. With {@code log}, each
 * retry logs one WARN line ({@code dev.decor.Retry}): method, attempt, wait, what went wrong.
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class RetryDecorator {
  /** The event a {@code @Timed} call's Observation gets per retry. */
  public static final String RETRY_EVENT = "decor.retry";
  private static final Logger log = LoggerFactory.getLogger("dev.decor.Retry");
  /**
   * What {@link #result} (and {@link #rejected}) return when the caller gets the attempt's result:
   * never a call's token.
   */
  public static final Object DONE = new Object();

  private final RetryRegistryHolder retries;
  private final Retry retry;
  private final boolean async;
  private final RetrySpec spec;
  private final String name;
  /** {@code retryIf}'s predicate, created once; null when results are not judged. */
  private final Predicate<Object> retryIf;
  /** {@code maxDuration} in nanoseconds; 0 for no budget. */
  private final long budgetNanos;
  private final boolean logRetries;
  private final MethodKey key;
  /** The engine's ObservationRegistry, or null. */
  private final ObservationRegistry observations;

  /**
   * {@code observations}: where the method's {@code @Timed} Observation is, which gets a
   * {@link RetryEvent} per retry; null for none (then no retry looks for it).
   *
   * @throws IllegalArgumentException {@code [decor/RetryIfClass]} or {@code [decor/RetryIfType]}
   *     when {@code retryIf} does not fit the method
   */
  public RetryDecorator(RetryRegistryHolder retries, MethodKey key, RetrySpec spec,
      ReturnKind kind, ObservationRegistry observations) {
    this.key = key;
    this.observations = observations;
    this.retries = retries;
    this.spec = spec;
    this.name = key.defaultName();
    this.async = kind == ReturnKind.ASYNC;
    this.retryIf = spec.judgesResults() ? ResultPredicates.create(spec.retryIf(), key) : null;
    Duration budget = spec.maxDurationDuration();
    this.budgetNanos = budget == null ? 0L : Durations.saturatedNanos(budget);
    this.logRetries = spec.log();
    RetryConfig.Builder<Object> config = RetryConfig.custom()
        .maxAttempts(spec.maxAttempts())
        .intervalFunction(intervalFunction(spec))
        .retryOnException(retryable(spec.retryOn(), spec.ignore()));
    if (retryIf != null) {
      // decor asks the context about a result only once its own predicate rejected it.
      config.retryOnResult(result -> true);
    }
    this.retry = retries.retry(key.defaultName(), spec, config.build());
  }

  public Object around(Next next, Object self, Object[] args, Invocation body)
      throws Throwable {
    if (async) {
      return aroundAsync(next, self, args, body);
    }
    // One loop, with body used only by the (inlinable) next stage: passing body to an out-of-line
    // retry method made it escape, so the JIT could not scalar-replace the caller's lambda and
    // boxed result on the success path.
    // The same loop the front ends' fast paths run (Chain.retryEnter, retryFailed, retryResult).
    Object token = this;
    long start = start(token);
    while (true) {
      Object result;
      try {
        result = next.proceed(self, args, body);
      } catch (Throwable t) {
        token = failed(token, t, start);
        continue;
      }
      Object after = result(token, result, start);
      if (after == DONE) {
        return result;
      }
      token = after;
    }
  }

  // A synchronous call's token: the decorator itself until an attempt fails or is rejected, then
  // the call's Attempts, which know their decorator. The hooks below act on the token alone, so a
  // call looks its decorator up once, allocates nothing while it succeeds, and ends on the engine
  // it started on.

  /**
   * The start of a synchronous call whose token is {@code token} (the decorator, before its first
   * attempt), for {@link #failed(Object, Throwable, long)} and {@link #result}: the time on the
   * engine's clock when the spec has a {@code maxDuration}, else 0 (no clock read).
   */
  public static long start(Object token) {
    RetryDecorator r = (RetryDecorator) token;
    return r.budgetNanos == 0 ? 0L : r.retries.nanoTime();
  }

  /**
   * An attempt of the synchronous call from {@code start} with token {@code token} returned
   * {@code result}: {@link #DONE} when the caller gets it (accepted by {@code retryIf}, or rejected
   * with no attempt left within the attempts, the budget or an interrupt); else, after the wait,
   * the token for the next attempt.
   */
  public static Object result(Object token, Object result, long start) {
    if (token instanceof RetryDecorator r) { // the first attempt: the usual success
      return r.judge(null, result, start);
    }
    Attempts a = (Attempts) token;
    return a.owner.judge(a, result, start);
  }

  /**
   * An attempt of the synchronous call from {@code start} with token {@code token} failed with
   * {@code failure}: returns, once another attempt may start, the token for the next attempt;
   * otherwise rethrows {@code failure}. No attempt starts after the {@code maxDuration}.
   */
  public static Object failed(Object token, Throwable failure, long start) throws Throwable {
    if (token instanceof Attempts a) {
      return a.owner.retryAfter(a, failure, start);
    }
    return ((RetryDecorator) token).retryAfter(null, failure, start);
  }

  /**
   * A synchronous attempt failed with {@code failure}: returns, once another attempt may start,
   * the state to pass on the next failure ({@code state} is null after the first attempt);
   * otherwise rethrows {@code failure}. The front ends' hook, for chains without a budget.
   */
  public Object failed(Object state, Throwable failure) throws Throwable {
    return retryAfter((Attempts) state, failure, 0L);
  }

  /** {@link #result} for this decorator's call, with {@code a} null before any retry. */
  private Object judge(Attempts a, Object result, long start) {
    Predicate<Object> judge = retryIf;
    if (judge == null || !judge.test(result)) {
      succeeded(a);
      return DONE;
    }
    return rejected(a, result, start);
  }

  /** {@link #failed(Object, Throwable, long)} for this decorator's call. */
  private Attempts retryAfter(Attempts state, Throwable failure, long start) throws Throwable {
    Attempts a = attempts(state);
    long waitMillis = a.context.onError(Failures.asThrown(failure));
    if (waitMillis < 0 || overBudget(start, waitMillis)) {
      throw failure;
    }
    logRetry(a, waitMillis, failure);
    if (!pause(waitMillis)) {
      throw failure;
    }
    return a;
  }

  /**
   * An attempt's result was rejected by {@code retryIf}: returns the state for the next attempt
   * once it may start, or {@link #DONE} when the caller gets this result (attempts or budget used
   * up, or interrupted while waiting).
   */
  private Object rejected(Attempts state, Object result, long start) {
    Attempts a = attempts(state);
    long waitMillis = a.context.onResult(result);
    if (waitMillis < 0) {
      a.context.onComplete(); // resilience4j counts a call that failed after retries
      return DONE;
    }
    if (overBudget(start, waitMillis)) {
      return DONE;
    }
    logRetry(a, waitMillis, null);
    return pause(waitMillis) ? a : DONE;
  }

  /** An attempt after {@link #failed} succeeded: resilience4j counts a success with retries. */
  public void succeeded(Object state) {
    if (state != null) {
      ((Attempts) state).context.onComplete();
    }
  }

  private Attempts attempts(Attempts state) {
    return state == null ? new Attempts(this, retry.asyncContext()) : state;
  }

  /** Whether an attempt after {@code waitMillis} would start after the budget ends. */
  private boolean overBudget(long start, long waitMillis) {
    return budgetNanos != 0
        && retries.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis) - start > budgetNanos;
  }

  /** Waits before the next attempt; false (interrupt flag set) when interrupted. */
  private boolean pause(long waitMillis) {
    try {
      if (waitMillis > 0) {
        retries.sleeper().sleepNanos(TimeUnit.MILLISECONDS.toNanos(waitMillis));
      } else if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Logs the retry about to wait {@code waitMillis} ({@code failure} null: a rejected result) of
   * a synchronous call, on the caller's thread: its {@code @Timed} Observation is the one in scope.
   */
  private void logRetry(Attempts a, long waitMillis, Throwable failure) {
    logRetry(a, waitMillis, failure, call());
  }

  /** This method's {@code @Timed} Observation in scope on this thread, or null (none, or off). */
  private Observation call() {
    return observations == null ? null : CallContext.current(observations, key);
  }

  /**
   * Logs a retry, and tells {@code call} (the method's {@code @Timed} Observation, or null) with
   * a {@link RetryEvent}: its span gets an event per retry.
   */
  private void logRetry(Attempts a, long waitMillis, Throwable failure, Observation call) {
    int attempt = a.attempt++;
    if (call != null) {
      call.event(new RetryEvent(attempt, failure));
    }
    if (logRetries && log.isWarnEnabled()) {
      log.warn("{}: attempt {} of {} {}; retrying in {} ms", name, attempt, spec.maxAttempts(),
          failure != null
              ? "failed with " + failure
              : "returned a result " + spec.retryIf().getSimpleName() + " rejects",
          waitMillis);
    }
  }

  /**
   * One call's retries: its decorator, resilience4j's context and the number of the attempt that
   * just ended.
   */
  private static final class Attempts {
    final RetryDecorator owner;
    final Retry.AsyncContext<Object> context;
    int attempt = 1;

    Attempts(RetryDecorator owner, Retry.AsyncContext<Object> context) {
      this.owner = owner;
      this.context = context;
    }
  }

  private Object aroundAsync(Next next, Object self, Object[] args, Invocation body) {
    long start = budgetNanos == 0 ? 0L : retries.nanoTime();
    CompletionStage<?> first = attempt(next, self, args, body);
    if (first == null) {
      return null;
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    new AsyncAttempts(next, self, args, body, result, start).watch(first);
    return result;
  }

  private static CompletionStage<?> attempt(Next next, Object self, Object[] args,
      Invocation body) {
    try {
      return (CompletionStage<?>) next.proceed(self, args, body);
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /** The state of one asynchronous call across its attempts. */
  private final class AsyncAttempts {
    private final Next next;
    private final Object self;
    private final Object[] args;
    private final Invocation body;
    private final CompletableFuture<Object> result;
    private final long start;
    /**
     * The method's {@code @Timed} Observation, found on the caller's thread (the attempts after
     * the first run elsewhere, while it waits for the stage), or null.
     */
    private final Observation call;
    private Attempts attempts;

    AsyncAttempts(Next next, Object self, Object[] args, Invocation body,
        CompletableFuture<Object> result, long start) {
      this.next = next;
      this.self = self;
      this.args = args;
      this.body = body;
      this.result = result;
      this.start = start;
      this.call = call();
    }

    void watch(CompletionStage<?> stage) {
      stage.whenComplete((value, failure) -> {
        if (failure != null) {
          onFailure(Failures.unwrap(failure));
          return;
        }
        boolean rejected;
        try {
          rejected = retryIf != null && retryIf.test(value);
        } catch (Throwable t) {
          result.completeExceptionally(t);
          return;
        }
        if (rejected) {
          onRejected(value);
          return;
        }
        if (attempts != null) {
          attempts.context.onComplete();
        }
        result.complete(value);
      });
    }

    private void onFailure(Throwable failure) {
      attempts = attempts(attempts);
      long waitMillis = attempts.context.onError(Failures.asThrown(failure));
      if (waitMillis < 0 || overBudget(start, waitMillis)) {
        result.completeExceptionally(failure);
        return;
      }
      logRetry(attempts, waitMillis, failure, call);
      nextAttemptAfter(waitMillis);
    }

    private void onRejected(Object value) {
      attempts = attempts(attempts);
      long waitMillis = attempts.context.onResult(value);
      if (waitMillis < 0) {
        attempts.context.onComplete();
        result.complete(value);
        return;
      }
      if (overBudget(start, waitMillis)) {
        result.complete(value);
        return;
      }
      logRetry(attempts, waitMillis, null, call);
      nextAttemptAfter(waitMillis);
    }

    private void nextAttemptAfter(long waitMillis) {
      retries.scheduler()
          .after(TimeUnit.MILLISECONDS.toNanos(waitMillis))
          .execute(() -> {
            if (result.isDone()) {
              return; // the caller cancelled (or completed) the stage: no more attempts
            }
            CompletionStage<?> stage = attempt(next, self, args, body);
            if (stage == null) {
              result.complete(null);
            } else {
              watch(stage);
            }
          });
    }
  }

  static Predicate<Throwable> retryable(
      List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> ignore) {
    Class<?>[] on = Failures.array(retryOn);
    Class<?>[] ignored = Failures.array(ignore);
    return t -> !(t instanceof Error) && !Failures.callerStopped(t)
        && !Failures.isAny(ignored, t) && Failures.isAny(on, t);
  }

  /**
   * resilience4j's interval functions, which work in whole milliseconds: a non-zero delay below
   * 1 ms is rounded up to 1 ms; a zero delay retries at once. A {@code maxDelay} below
   * {@code delay} caps the first wait too.
   */
  static IntervalFunction intervalFunction(RetrySpec spec) {
    Duration delay = spec.delayDuration();
    Duration cap = spec.maxDelayDuration();
    if (cap != null && cap.compareTo(delay) < 0) {
      delay = cap;
    }
    if (delay.isZero()) {
      return attempt -> 0L;
    }
    Duration initial = delay.toMillis() == 0 ? Duration.ofMillis(1) : delay;
    if (cap != null && cap.toMillis() < initial.toMillis()) {
      cap = initial;
    }
    if (spec.jitter() == 0.0) {
      if (spec.multiplier() == 1.0) {
        return IntervalFunction.of(initial);
      }
      return cap == null
          ? IntervalFunction.ofExponentialBackoff(initial, spec.multiplier())
          : IntervalFunction.ofExponentialBackoff(initial, spec.multiplier(), cap);
    }
    return cap == null
        ? IntervalFunction.ofExponentialRandomBackoff(initial, spec.multiplier(), spec.jitter())
        : IntervalFunction.ofExponentialRandomBackoff(initial, spec.multiplier(), spec.jitter(), cap);
  }

  @Override
  public String toString() {
    return "Retry[" + spec + "]";
  }
}
