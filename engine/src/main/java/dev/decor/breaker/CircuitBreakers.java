package dev.decor.breaker;

import dev.decor.kernel.GlobalEngine;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Objects;
import java.util.Optional;

/**
 * The resilience4j {@link CircuitBreaker}s behind {@link dev.decor.CircuitBreaker @CircuitBreaker}
 * methods, by breaker name (the method's decor name, or the {@code name} several methods share) —
 * read their state and metrics, subscribe to their events, or force a state, as with any
 * resilience4j breaker. pybreaker's {@code breaker.current_state}.
 *
 * <pre>{@code
 * CircuitBreakers.get("ImageStore.fetch").ifPresent(b ->
 *     b.getEventPublisher().onStateTransition(e -> log.warn("store breaker: {}", e)));
 * }</pre>
 *
 * <p>These are the global engine's breakers; {@code Decor.circuitBreaker(name)} reads another
 * engine's. A breaker exists once a chain using it is built (class initialization of a generated
 * wrapper, or the first call of a woven method). Thread-safe.
 */
public final class CircuitBreakers {
  private CircuitBreakers() {}

  /** The breaker named {@code name}, if a chain has made it. */
  public static Optional<CircuitBreaker> get(String name) {
    return holder().find(Objects.requireNonNull(name, "name"));
  }

  /** The registry of the global engine's breakers (e.g. to bind resilience4j's Micrometer metrics). */
  public static CircuitBreakerRegistry registry() {
    return holder().registry();
  }

  private static CircuitBreakerRegistryHolder holder() {
    return GlobalEngine.part(CircuitBreakerRegistryHolder.class);
  }
}
