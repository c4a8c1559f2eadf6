package dev.decor.engine;

import dev.decor.spec.RetrySpec;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.concurrent.ConcurrentHashMap;

/** The resilience4j registry holding one {@link Retry} per decor name. */
public final class RetryRegistryHolder {
  private static final RetryRegistry REGISTRY = RetryRegistry.ofDefaults();
  /** The spec each registered retry was built from. */
  private static final ConcurrentHashMap<String, RetrySpec> SPECS = new ConcurrentHashMap<>();

  private RetryRegistryHolder() {}

  public static RetryRegistry registry() {
    return REGISTRY;
  }

  /**
   * The retry named {@code name}, created with {@code config} on first use. A later chain with the
   * same name and spec (the same method seen by both front ends) shares it; one with another spec
   * replaces it, so a chain never runs with a policy other than its own.
   */
  static synchronized Retry retry(String name, RetrySpec spec, RetryConfig config) {
    if (!spec.equals(SPECS.get(name))) {
      REGISTRY.remove(name);
      SPECS.put(name, spec);
    }
    return REGISTRY.retry(name, () -> config);
  }
}
