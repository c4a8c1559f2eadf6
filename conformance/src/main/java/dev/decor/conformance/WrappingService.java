package dev.decor.conformance;

import dev.decor.Retry;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Methods that throw a {@link CompletionException} or {@link ExecutionException} themselves, as
 * code calling {@code future.join()}/{@code get()} does: {@code retryOn}/{@code ignore} must judge
 * that exception, not its cause. Counts every attempt.
 */
public class WrappingService {
  private final AtomicInteger attempts = new AtomicInteger();

  public int attempts() {
    return attempts.get();
  }

  /** Not an IllegalStateException, though it wraps one: 1 attempt. */
  @Retry(maxAttempts = 3, retryOn = IllegalStateException.class)
  public String wrapsRetryable() {
    attempts.incrementAndGet();
    throw new CompletionException(new IllegalStateException("inside"));
  }

  /** A CompletionException, whatever it wraps: 3 attempts. */
  @Retry(maxAttempts = 3, retryOn = CompletionException.class)
  public String completionException() {
    attempts.incrementAndGet();
    throw new CompletionException(new IOException("inside"));
  }

  /** An Exception like any other under the default retryOn: 3 attempts. */
  @Retry(maxAttempts = 3)
  public String causeless() {
    attempts.incrementAndGet();
    throw new CompletionException("no cause", null);
  }

  /** Not an IllegalArgumentException, though it wraps one: 3 attempts. */
  @Retry(maxAttempts = 3, ignore = IllegalArgumentException.class)
  public String wrapsIgnored() throws ExecutionException {
    attempts.incrementAndGet();
    throw new ExecutionException(new IllegalArgumentException("inside"));
  }
}
