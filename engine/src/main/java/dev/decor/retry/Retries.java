package dev.decor.retry;

import dev.decor.kernel.GlobalEngine;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.Objects;
import java.util.Optional;

/**
 * The resilience4j {@link Retry} instances behind {@link dev.decor.Retry @Retry} methods, by decor
 * name — subscribe to their events or read their metrics as with any resilience4j retry.
 *
 * <pre>{@code
 * Retries.get("ImageStore.fetch").ifPresent(r ->
 *     r.getEventPublisher().onRetry(e -> log.warn("retrying: {}", e)));
 * }</pre>
 *
 * <p>A retry exists once its method's chain is built: when the generated wrapper or the woven
 * class is initialized (a woven method that could not be set up then: on its first call), on the
 * global engine of that moment. Thread-safe.
 */
public final class Retries {
  private Retries() {}

  /** The retry of the method named {@code name}, if its chain has been built. */
  public static Optional<Retry> get(String name) {
    return registry().find(Objects.requireNonNull(name, "name"));
  }

  /** The registry of all decor retries (e.g. to bind resilience4j's Micrometer metrics). */
  public static RetryRegistry registry() {
    return GlobalEngine.part(RetryRegistryHolder.class).registry();
  }
}
