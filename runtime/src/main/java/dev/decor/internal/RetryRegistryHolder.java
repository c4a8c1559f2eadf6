package dev.decor.internal;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;

/** The resilience4j registry holding one {@link Retry} per decor name. */
public final class RetryRegistryHolder {
  private static final RetryRegistry REGISTRY = RetryRegistry.ofDefaults();

  private RetryRegistryHolder() {}

  public static RetryRegistry registry() {
    return REGISTRY;
  }

  /**
   * The retry named {@code name}, created with {@code config} on first use. A later chain with the
   * same name (the same method seen by both front ends) shares it.
   */
  static Retry retry(String name, RetryConfig config) {
    return REGISTRY.retry(name, () -> config);
  }
}
