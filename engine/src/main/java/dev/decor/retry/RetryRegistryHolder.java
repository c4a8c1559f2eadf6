package dev.decor.retry;

import dev.decor.kernel.Scheduler;
import dev.decor.kernel.Sleeper;
import dev.decor.spec.RetrySpec;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * An engine's {@code @Retry} state: the resilience4j registry holding one {@link Retry} per decor
 * name, and how the engine's retries wait. Engine-facing; not for application code. Thread-safe.
 */
public final class RetryRegistryHolder {
  private final RetryRegistry registry = RetryRegistry.ofDefaults();
  /** The spec each registered retry was built from. */
  private final ConcurrentHashMap<String, RetrySpec> specs = new ConcurrentHashMap<>();
  private final Sleeper sleeper;
  private final Scheduler scheduler;
  private final LongSupplier clock;

  /** @param clock the engine's clock, which a retry's {@code maxDuration} is counted on */
  public RetryRegistryHolder(Sleeper sleeper, Scheduler scheduler, LongSupplier clock) {
    this.sleeper = sleeper;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  long nanoTime() {
    return clock.getAsLong();
  }

  /** How a synchronous retry waits. */
  Sleeper sleeper() {
    return sleeper;
  }

  /** Where an asynchronous retry's next attempt runs. */
  Scheduler scheduler() {
    return scheduler;
  }

  public RetryRegistry registry() {
    return registry;
  }

  /**
   * The retry named {@code name}, created with {@code config} on first use. A later chain with the
   * same name and spec (the same method seen by both front ends) shares it; one with another spec
   * replaces it, so a chain never runs with a policy other than its own.
   */
  synchronized Retry retry(String name, RetrySpec spec, RetryConfig config) {
    if (!spec.equals(specs.get(name))) {
      registry.remove(name);
      specs.put(name, spec);
    }
    return registry.retry(name, () -> config);
  }
}
