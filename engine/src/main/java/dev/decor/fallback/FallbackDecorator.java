package dev.decor.fallback;

import dev.decor.kernel.Failures;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.FallbackSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code @Fallback}: runs the rest of the chain and, when it fails with an exception the spec
 * falls back on, returns what the fallback method answers instead.
 *
 * <p>Invocation contract: proceeds exactly once; calls the fallback at most once. Falls back on an
 * instance of a class in {@code on} and of none in {@code ignore}, never on an {@link Error}, an
 * {@link InterruptedException} or a {@link java.util.concurrent.CancellationException}; anything
 * else, and whatever the fallback throws, reaches the caller unwrapped. A method returning a
 * {@link CompletionStage} gets a new stage, completed with the method's value or, when its stage
 * fails, with the fallback's answer (a value, or the outcome of the stage it returns); the fallback
 * then runs on the thread completing the failed stage, and a synchronous throw is judged as a
 * failure too. The success path is a plain {@code try}.
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class FallbackDecorator {
  private final FallbackRegistry.Counters counters;
  private final FallbackMethod method;
  private final Class<?>[] on;
  private final Class<?>[] ignore;
  private final boolean async;
  private final FallbackSpec spec;

  public FallbackDecorator(FallbackRegistry fallbacks, MethodKey key, FallbackSpec spec,
      FallbackMethod method, ReturnKind kind) {
    this.counters = fallbacks.counters(key.defaultName());
    this.spec = spec;
    this.method = method;
    this.on = Failures.array(spec.on());
    this.ignore = Failures.array(spec.ignore());
    this.async = kind == ReturnKind.ASYNC;
  }

  public Object around(Next next, Object self, Object[] args, Invocation body) throws Throwable {
    if (async) {
      return aroundAsync(next, self, args, body);
    }
    try {
      return next.proceed(self, args, body);
    } catch (Throwable t) {
      return recover(self, args, t);
    }
  }

  /**
   * The fallback's answer for {@code failure}; rethrows {@code failure} if it does not fall back.
   * What {@link #around} runs on a failure, and the front ends' hook ({@code Chain.fallback}) for
   * a synchronous method whose only decorator this is.
   */
  public Object recover(Object self, Object[] args, Throwable failure) throws Throwable {
    if (!fallsBack(failure)) {
      throw failure;
    }
    counters.count(failure);
    return method.call(self, args, failure);
  }

  /** Whether {@code t} falls back: listed in {@code on}, not in {@code ignore}, not an Error or a stop. */
  boolean fallsBack(Throwable t) {
    return !(t instanceof Error) && !Failures.callerStopped(t) && !Failures.isAny(ignore, t)
        && Failures.isAny(on, t);
  }

  private Object aroundAsync(Next next, Object self, Object[] args, Invocation body)
      throws Throwable {
    CompletionStage<?> stage;
    try {
      stage = (CompletionStage<?>) next.proceed(self, args, body);
    } catch (Throwable t) {
      CompletableFuture<Object> answered = new CompletableFuture<>();
      complete(answered, recover(self, args, t));
      return answered;
    }
    if (stage == null) {
      return null;
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    stage.whenComplete((value, failure) -> {
      if (failure == null) {
        result.complete(value);
        return;
      }
      Throwable cause = Failures.unwrap(failure);
      Object answer;
      try {
        answer = recover(self, args, cause);
      } catch (Throwable t) {
        result.completeExceptionally(t);
        return;
      }
      complete(result, answer);
    });
    return result;
  }

  /** Completes {@code result} with {@code answer}: a value, or the outcome of a stage. */
  private static void complete(CompletableFuture<Object> result, Object answer) {
    if (answer instanceof CompletionStage<?> stage) {
      stage.whenComplete((value, failure) -> {
        if (failure == null) {
          result.complete(value);
        } else {
          result.completeExceptionally(Failures.unwrap(failure));
        }
      });
    } else {
      result.complete(answer);
    }
  }

  @Override
  public String toString() {
    return "Fallback[" + spec + "]";
  }
}
