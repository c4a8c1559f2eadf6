package dev.decor.retry;

import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.RetrySpec;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code @Retry}: re-runs the rest of the chain on failure, with resilience4j deciding whether and
 * how long to wait.
 *
 * <p>Invocation contract: proceeds up to {@code maxAttempts} times. The success path is a plain
 * {@code try}: resilience4j's per-call context is created only after a first failure. The last
 * exception is rethrown as it is. {@link Error}s, {@link InterruptedException} and
 * {@link CancellationException} are never retried; an interrupt during a wait stops retrying,
 * rethrows the last exception and leaves the interrupt flag set. A method returning a
 * {@link CompletionStage} is retried asynchronously on its engine's {@link dev.decor.kernel.Scheduler}; a
 * synchronous throw from it counts as a failed attempt and surfaces as a failed stage.
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class RetryDecorator {
  private final RetryRegistryHolder retries;
  private final Retry retry;
  private final boolean async;
  private final RetrySpec spec;

  public RetryDecorator(RetryRegistryHolder retries, MethodKey key, RetrySpec spec,
      ReturnKind kind) {
    this.retries = retries;
    this.spec = spec;
    this.async = kind == ReturnKind.ASYNC;
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(spec.maxAttempts())
        .intervalFunction(intervalFunction(spec))
        .retryOnException(retryable(spec.retryOn(), spec.ignore()))
        .build();
    this.retry = retries.retry(key.defaultName(), spec, config);
  }

  public Object around(Next next, Object self, Object[] args, Invocation body)
      throws Throwable {
    if (async) {
      return aroundAsync(next, self, args, body);
    }
    // One loop, with body used only by the (inlinable) next stage: passing body to an out-of-line
    // retry method made it escape, so the JIT could not scalar-replace the caller's lambda and
    // boxed result on the success path.
    // The same loop the front ends' fast paths run (Chain.retryOnly).
    Object state = null;
    while (true) {
      Throwable failure;
      try {
        Object result = next.proceed(self, args, body);
        succeeded(state);
        return result;
      } catch (Throwable t) {
        failure = t;
      }
      state = failed(state, failure);
    }
  }

  /**
   * A synchronous attempt failed with {@code failure}: returns, once another attempt may start,
   * the state to pass on the next failure ({@code state} is null after the first attempt);
   * otherwise rethrows {@code failure}.
   */
  public Object failed(Object state, Throwable failure) throws Throwable {
    @SuppressWarnings("unchecked")
    Retry.AsyncContext<Object> context = state == null
        ? retry.asyncContext()
        : (Retry.AsyncContext<Object>) state;
    awaitNextAttempt(context, failure);
    return context;
  }

  /** An attempt after {@link #failed} succeeded: resilience4j counts a success with retries. */
  public void succeeded(Object state) {
    if (state != null) {
      ((Retry.AsyncContext<?>) state).onComplete();
    }
  }

  /** Returns when another attempt may start; otherwise rethrows {@code last}. */
  private void awaitNextAttempt(Retry.AsyncContext<Object> context, Throwable last)
      throws Throwable {
    long waitMillis = context.onError(asThrown(last));
    if (waitMillis < 0) {
      throw last;
    }
    try {
      if (waitMillis > 0) {
        retries.sleeper().sleepNanos(TimeUnit.MILLISECONDS.toNanos(waitMillis));
      } else if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw last;
    }
  }

  private Object aroundAsync(Next next, Object self, Object[] args, Invocation body) {
    CompletionStage<?> first = attempt(next, self, args, body);
    if (first == null) {
      return null;
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    new AsyncAttempts(next, self, args, body, result).watch(first);
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
    private Retry.AsyncContext<Object> context;

    AsyncAttempts(Next next, Object self, Object[] args, Invocation body,
        CompletableFuture<Object> result) {
      this.next = next;
      this.self = self;
      this.args = args;
      this.body = body;
      this.result = result;
    }

    void watch(CompletionStage<?> stage) {
      stage.whenComplete((value, failure) -> {
        if (failure == null) {
          if (context != null) {
            context.onComplete();
          }
          result.complete(value);
        } else {
          onFailure(unwrap(failure));
        }
      });
    }

    private void onFailure(Throwable failure) {
      if (context == null) {
        context = retry.asyncContext();
      }
      long waitMillis = context.onError(asThrown(failure));
      if (waitMillis < 0) {
        result.completeExceptionally(failure);
        return;
      }
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

  /**
   * {@code failure} as resilience4j's context must receive it for the predicate and the events to
   * see {@code failure} itself: the context unwraps one {@link CompletionException} or
   * {@link ExecutionException} (it is built for stages), so one of those, which the method threw
   * itself, is handed over inside one more layer. Allocates only for those two types.
   */
  private static Throwable asThrown(Throwable failure) {
    return failure instanceof CompletionException || failure instanceof ExecutionException
        ? new CompletionException(failure)
        : failure;
  }

  /**
   * The failure of an asynchronous attempt's stage: the exception inside the
   * {@link CompletionException}/{@link ExecutionException} layers that stage composition adds, as
   * {@code join()} callers expect — so an async method is judged by the cause, a synchronous one
   * by exactly what it threw.
   */
  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static Predicate<Throwable> retryable(
      List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> ignore) {
    Class<?>[] on = retryOn.toArray(new Class<?>[0]);
    Class<?>[] ignored = ignore.toArray(new Class<?>[0]);
    return t -> {
      if (t instanceof Error || t instanceof InterruptedException
          || t instanceof CancellationException) {
        return false;
      }
      for (Class<?> c : ignored) {
        if (c.isInstance(t)) {
          return false;
        }
      }
      for (Class<?> c : on) {
        if (c.isInstance(t)) {
          return true;
        }
      }
      return false;
    };
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
