package dev.decor.internal;

import dev.decor.spec.Order;
import java.util.Set;

/**
 * How a front end runs a decorated method: the one decision of a method's shape that the
 * processor (which template it writes), the engine (which hooks a chain accepts) and the aspect
 * (which advice matches; its pointcuts mirror this, and a test enumerates every combination to
 * prove they agree) all follow.
 *
 * <p>The one-decorator shapes run the method's body directly between the chain's hooks, with no
 * closure; everything else passes the body to {@code Chain.invoke} as a lambda. A method returning
 * a {@code CompletionStage} takes the general path under every decorator but {@code @Timed} and
 * grad mode (the others act when its stage completes, through callbacks the engine builds). Not
 * API.
 */
public enum Shape {
  /**
   * {@code @Timed} alone, without {@code @MetricTag} parameters: the body between
   * {@code timedStart} and {@code timedEnd}.
   */
  TIMED_ONLY,
  /**
   * {@code @Retry} alone, on a method not returning a {@code CompletionStage} (those are retried
   * asynchronously by the engine) and without {@code retryIf} or {@code maxDuration}: the
   * attempt loop around the body, the engine deciding.
   */
  RETRY_ONLY,
  /**
   * {@code @Retry} alone, not returning a {@code CompletionStage}, with {@code retryIf} or
   * {@code maxDuration}: {@link #RETRY_ONLY}'s loop, which also hands the engine the first
   * attempt's start ({@code retryStart}) and each result ({@code retryResult}).
   */
  RETRY_JUDGED,
  /**
   * {@code @NoGrad} or {@code @InferenceMode} alone: the body between {@code enterGrad} and
   * {@code exitGrad} on a platform thread ({@code Chain.invoke} on a virtual thread).
   */
  GRAD_ONLY,
  /**
   * {@code @Timeout} alone, not returning a {@code CompletionStage}: the body between
   * {@code timeoutStart} and {@code timeoutEnd}/{@code timeoutFailed}.
   */
  TIMEOUT_ONLY,
  /**
   * {@code @ConcurrencyLimit} alone, not returning a {@code CompletionStage}: the body between
   * {@code limitEnter} and {@code limitExit} (in {@code finally}).
   */
  LIMIT_ONLY,
  /**
   * {@code @CircuitBreaker} alone, not returning a {@code CompletionStage}: the body between
   * {@code breakerEnter} and {@code breakerSucceeded}/{@code breakerFailed}.
   */
  BREAKER_ONLY,
  /**
   * {@code @Fallback} alone, not returning a {@code CompletionStage}: the body in a {@code try}
   * whose {@code catch} hands the failure and the arguments to {@code fallback}; the argument array
   * is built only on a failure.
   */
  FALLBACK_ONLY,
  /** {@code @Batched}: the body never runs; the chain queues the argument for its batch method. */
  BATCHED,
  /** Any other combination: {@code Chain.invoke} with the body's closure. */
  GENERAL;

  /**
   * The shape of a method carrying the decorators {@code decorators} (at most one per order;
   * {@code @NoGrad} and {@code @InferenceMode} are both {@link Order#GRAD}).
   *
   * @param returnsStage whether the method's declared return type is a {@code CompletionStage}
   */
  public static Shape of(Set<Order> decorators, boolean returnsStage) {
    return of(decorators, returnsStage, false);
  }

  /**
   * {@link #of(Set, boolean)} for a method whose {@code @Retry} may judge results or have a time
   * budget.
   *
   * @param retryNeedsEachResult whether its {@code @Retry} sets {@code retryIf} or
   *     {@code maxDuration}: then a lone {@code @Retry} is {@link #RETRY_JUDGED}
   */
  public static Shape of(Set<Order> decorators, boolean returnsStage,
      boolean retryNeedsEachResult) {
    return of(decorators, returnsStage, retryNeedsEachResult, false);
  }

  /**
   * {@link #of(Set, boolean, boolean)} for a method that may have {@code @MetricTag} parameters.
   *
   * @param metricTagged whether a parameter carries {@code @MetricTag}, whose value the timing
   *     hooks do not see: then a lone {@code @Timed} takes the general path too
   */
  public static Shape of(Set<Order> decorators, boolean returnsStage,
      boolean retryNeedsEachResult, boolean metricTagged) {
    if (decorators.contains(Order.BATCHED)) {
      return BATCHED;
    }
    if (decorators.size() != 1) {
      return GENERAL;
    }
    Order only = decorators.iterator().next();
    if (only == Order.TIMED) {
      return metricTagged ? GENERAL : TIMED_ONLY;
    }
    if (only == Order.GRAD) {
      return GRAD_ONLY;
    }
    if (returnsStage) {
      return GENERAL;
    }
    switch (only) {
      case RETRY:
        return retryNeedsEachResult ? RETRY_JUDGED : RETRY_ONLY;
      case TIMEOUT:
        return TIMEOUT_ONLY;
      case CONCURRENCY_LIMIT:
        return LIMIT_ONLY;
      case CIRCUIT_BREAKER:
        return BREAKER_ONLY;
      case FALLBACK:
        return FALLBACK_ONLY;
      default:
        return GENERAL;
    }
  }

  /**
   * Whether a {@code @Cached} hit can be answered before the body's closure is built
   * ({@code Chain.cachedHit}): the method caches and no decorator stands outside its cache (a
   * hit must still be timed, or fall back, or …). The engine also declines for parameters keyed
   * by their contents, whose digest a miss would compute twice.
   */
  public static boolean cacheFirst(Set<Order> decorators) {
    if (!decorators.contains(Order.CACHED) || decorators.contains(Order.BATCHED)) {
      return false;
    }
    for (Order order : decorators) {
      if (order.compareTo(Order.CACHED) < 0) {
        return false;
      }
    }
    return true;
  }
}
