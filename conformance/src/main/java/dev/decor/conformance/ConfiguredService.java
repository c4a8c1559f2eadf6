package dev.decor.conformance;

import dev.decor.Cached;
import dev.decor.ConcurrencyLimit;
import dev.decor.Retry;
import dev.decor.Timed;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Annotated methods whose values configuration overrides (docs/configuration.md): the suite sets
 * system properties, builds an engine, and checks that each front end runs the overridden values.
 */
public class ConfiguredService {
  private volatile int failures;
  public final AtomicInteger attempts = new AtomicInteger();
  public final AtomicInteger computed = new AtomicInteger();

  /** Makes the first {@code n} attempts of {@link #flaky} fail. */
  public ConfiguredService failFirst(int n) {
    this.failures = n;
    return this;
  }

  /** Two attempts by its annotation; configuration may allow more. */
  @Retry(maxAttempts = 2)
  public int flaky() {
    int n = attempts.incrementAndGet();
    if (n <= failures) {
      throw new IllegalStateException("attempt " + n + " failed");
    }
    return n;
  }

  @Timed
  public int timed() {
    return 1;
  }

  /** A cache and a limit, whose values configuration may change or switch off. */
  @Cached(maxSize = 16)
  @ConcurrencyLimit(value = 2, maxWait = "0ms")
  public String square(int x) {
    computed.incrementAndGet();
    return Integer.toString(x * x);
  }
}
