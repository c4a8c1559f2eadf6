package dev.decor.conformance.woven;

import dev.decor.Cached;
import dev.decor.CircuitBreaker;
import dev.decor.ConcurrencyLimit;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.Timeout;
import java.io.IOException;

/**
 * A woven class whose methods nobody calls: one test initialises it and then looks its retry,
 * cache, circuit breaker and concurrency limit up, as an application does at start-up to
 * subscribe to events or register health checks.
 */
public class StartupService {
  @Retry(maxAttempts = 2)
  public String fetch(String key) throws IOException {
    return key;
  }

  @Cached(maxSize = 4)
  private String lookup(String key) {
    return key;
  }

  @Timed
  static void tick() {}

  @CircuitBreaker(window = 10)
  public String call(String key) throws IOException {
    return key;
  }

  @ConcurrencyLimit(8)
  @Timeout("1s")
  private static String admit(String key) {
    return key;
  }
}
