package dev.decor.conformance;

import dev.decor.Retry;
import dev.decor.Woven;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compiled with the processor, yet left to weaving by {@link Woven}: a final class with a private
 * {@code @Retry} method, which the processor would reject for a wrapper. Woven, it retries.
 */
@Woven
public final class WovenInProcessedModule {
  private final AtomicInteger attempts = new AtomicInteger();

  public int attempts() {
    return attempts.get();
  }

  public String fetch() throws IOException {
    return fetchPrivately();
  }

  @Retry(maxAttempts = 3)
  private String fetchPrivately() throws IOException {
    if (attempts.incrementAndGet() < 3) {
      throw new IOException("attempt " + attempts.get());
    }
    return "ok@" + attempts.get();
  }
}
