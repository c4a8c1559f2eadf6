package dev.decor.breaker;

import dev.decor.kernel.Failures;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.CircuitBreakerSpec;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code @CircuitBreaker}: asks resilience4j's breaker for permission, runs the rest of the chain,
 * and reports the outcome.
 *
 * <p>Invocation contract: proceeds zero times (the breaker is open, or half-open with its probes
 * taken: {@link CallNotPermittedException}) or once. The method's own exception is rethrown as it
 * is, after the breaker has counted it (as a failure, a success or not at all, by the spec's
 * predicates, judged as thrown). A method returning a {@link CompletionStage} is reported when the
 * stage completes, judged by its failure without the {@code CompletionException} layers; the stage
 * itself is returned untouched, and a refused call returns a failed stage. The call is timed on
 * the engine's clock only when the spec tracks slow calls; otherwise it is reported as taking 0 ns,
 * and the success path reads no clock.
 *
 * <p>Permission is asked with {@code tryAcquirePermission}, not {@code acquirePermission}: once a
 * call has tripped the breaker, no further call is admitted while the state machine is still
 * switching to open (a closed state's {@code acquirePermission} admits anything).
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class CircuitBreakerDecorator {
  /** The breaker of this name now: a live change ({@code Decor.tune}) replaces it. */
  private final CircuitBreakerRegistryHolder.Live live;
  private final boolean async;
  private final CircuitBreakerSpec spec;

  public CircuitBreakerDecorator(CircuitBreakerRegistryHolder breakers, MethodKey key,
      CircuitBreakerSpec spec, ReturnKind kind) {
    this.spec = spec;
    this.async = kind == ReturnKind.ASYNC;
    String name = spec.name().isEmpty() ? key.defaultName() : spec.name();
    this.live = breakers.breaker(name, key, spec);
  }

  public Object around(Next next, Object self, Object[] args, Invocation body) throws Throwable {
    CircuitBreakerRegistryHolder.Current current = live.current;
    CircuitBreaker b = current.breaker();
    if (!b.tryAcquirePermission()) {
      CallNotPermittedException refused = CallNotPermittedException.createCallNotPermittedException(b);
      if (async) {
        return CompletableFuture.failedFuture(refused);
      }
      throw refused;
    }
    long start = current.now();
    Object result;
    try {
      result = next.proceed(self, args, body);
    } catch (Throwable t) {
      b.onError(current.since(start), TimeUnit.NANOSECONDS, Failures.asThrown(t));
      throw t;
    }
    if (async && result != null) {
      ((CompletionStage<?>) result).whenComplete((value, failure) -> {
        if (failure == null) {
          b.onSuccess(current.since(start), TimeUnit.NANOSECONDS);
        } else {
          b.onError(current.since(start), TimeUnit.NANOSECONDS,
              Failures.asThrown(Failures.unwrap(failure)));
        }
      });
      return result;
    }
    b.onSuccess(current.since(start), TimeUnit.NANOSECONDS);
    return result;
  }

  /**
   * The front ends' hook ({@code Chain.breakerEnter}) for a synchronous method whose only
   * decorator this is: asks the breaker of this name now for permission, as {@link #around} does,
   * and returns it: the token for {@link #start}, {@link #succeeded} and {@link #failed}, which
   * carries the breaker and its clock, so those need no decorator (static: no lookup per call) and
   * the call's outcome goes to the breaker that admitted it even if {@code Decor.tune} replaced it,
   * or the global engine changed, meanwhile — as in {@link #around}.
   *
   * @throws CallNotPermittedException while the breaker is open (or half-open, its probes taken)
   */
  public Object enter() {
    CircuitBreakerRegistryHolder.Current current = live.current;
    CircuitBreaker b = current.breaker();
    if (!b.tryAcquirePermission()) {
      throw CallNotPermittedException.createCallNotPermittedException(b);
    }
    return current;
  }

  /** The start of a call {@link #enter} admitted: the engine's clock if its breaker times calls. */
  public static long start(Object token) {
    return ((CircuitBreakerRegistryHolder.Current) token).now();
  }

  /** The call admitted as {@code token} threw {@code failure}: counted as the spec says. */
  public static void failed(Object token, long start, Throwable failure) {
    CircuitBreakerRegistryHolder.Current current = (CircuitBreakerRegistryHolder.Current) token;
    current.breaker().onError(current.since(start), TimeUnit.NANOSECONDS,
        Failures.asThrown(failure));
  }

  /** The call admitted as {@code token} from {@code start} returned. */
  public static void succeeded(Object token, long start) {
    CircuitBreakerRegistryHolder.Current current = (CircuitBreakerRegistryHolder.Current) token;
    current.breaker().onSuccess(current.since(start), TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + live.current.breaker().getName() + ", " + spec + "]";
  }
}
