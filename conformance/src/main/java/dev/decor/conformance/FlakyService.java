package dev.decor.conformance;

import dev.decor.Retry;
import dev.decor.Timed;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The engine tests' flaky service ({@link dev.decor.fixtures.FlakyService}: one copy, in
 * engine/src/test, compiled here too) with decor's annotations, processed and woven here: its
 * methods fail their first {@link #failFirst(int) n} attempts with {@code IOException("attempt n
 * failed")}, then succeed; every attempt is counted, so tests see how often the body really ran.
 */
public class FlakyService extends dev.decor.fixtures.FlakyService {
  public FlakyService() {
    super(0, n -> new IOException("attempt " + n + " failed"), Set.of());
  }

  @Override
  public FlakyService failFirst(int n) {
    super.failFirst(n);
    return this;
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
    count();
    throw new IllegalArgumentException("bad key " + key);
  }

  @Retry(maxAttempts = 3, retryOn = Throwable.class)
  public String crash() {
    count();
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
