package dev.decor.spec;

/** Settings of one decorator, parsed and validated from an annotation's values. */
public sealed interface Spec permits TimedSpec, CachedSpec, BatchedSpec, RetrySpec,
    GradSpec, FallbackSpec, CircuitBreakerSpec, TimeoutSpec, ConcurrencyLimitSpec {
  /** Where this decorator sits in a chain. */
  Order order();
}
