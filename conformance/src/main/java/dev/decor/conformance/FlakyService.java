package dev.decor.conformance;

import dev.decor.Retry;
import dev.decor.Timed;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service whose methods fail their first {@link #failFirst(int) n} attempts, then succeed; it
 * counts every attempt, so tests see how often the body really ran.
 */
public class FlakyService {
  private volatile int failures;
  private final AtomicInteger attempts = new AtomicInteger();

  /** Makes the first {@code n} attempts of every method fail. */
  public FlakyService failFirst(int n) {
    this.failures = n;
    return this;
  }

  public int attempts() {
    return attempts.get();
  }

  private int attempt() throws IOException {
    int n = attempts.incrementAndGet();
    if (n <= failures) {
      throw new IOException("attempt " + n + " failed");
    }
    return n;
  }

  @Retry(maxAttempts = 3)
  public String fetch(String key) throws IOException {
    return key + "@" + attempt();
  }

  @Retry(maxAttempts = 4, delay = "10ms", multiplier = 2.0, maxDelay = "30ms")
  public String backoff() throws IOException {
    return "ok@" + attempt();
  }

  @Retry(maxAttempts = 3, delay = "100ms", jitter = 0.5)
  public String jittered() throws IOException {
    return "ok@" + attempt();
  }

  @Timed
  @Retry(maxAttempts = 3, ignore = IllegalArgumentException.class)
  public String validate(String key) {
    attempts.incrementAndGet();
    throw new IllegalArgumentException("bad key " + key);
  }

  @Retry(maxAttempts = 3, retryOn = Throwable.class)
  public String crash() {
    attempts.incrementAndGet();
    throw new AssertionError("an Error is never retried");
  }

  @Retry(maxAttempts = 3)
  public CompletableFuture<String> fetchAsync(String key) {
    try {
      return CompletableFuture.completedFuture(key + "@" + attempt());
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Throws synchronously instead of returning a failed stage. */
  @Retry(maxAttempts = 3)
  public CompletableFuture<String> fetchAsyncThrowing(String key) throws IOException {
    return CompletableFuture.completedFuture(key + "@" + attempt());
  }
}
