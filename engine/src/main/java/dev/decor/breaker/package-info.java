/**
 * The {@code @CircuitBreaker} wing. API: {@link dev.decor.breaker.CircuitBreakers} — the
 * resilience4j breakers behind {@link dev.decor.CircuitBreaker @CircuitBreaker} methods.
 * Engine-facing (composed by the assembly, not for application code):
 * {@code CircuitBreakerDecorator}, {@code CircuitBreakerRegistryHolder}.
 */
package dev.decor.breaker;
