package dev.decor.conformance;

import dev.decor.Cached;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.grad.GradMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Annotations written innermost-first on purpose: decor's order is fixed (timed → cached → retry →
 * grad) whatever order they are written in.
 */
public class StackedService {
  private final AtomicInteger attempts = new AtomicInteger();
  private final List<Boolean> gradPerAttempt = new ArrayList<>();

  public int attempts() {
    return attempts.get();
  }

  public List<Boolean> gradPerAttempt() {
    return gradPerAttempt;
  }

  /** Each key's first two attempts fail. */
  @NoGrad
  @Retry(maxAttempts = 3)
  @Cached
  @Timed
  public String load(String key) throws IOException {
    int n = attempts.incrementAndGet();
    gradPerAttempt.add(GradMode.isEnabled());
    if (n % 3 != 0) {
      throw new IOException("attempt " + n);
    }
    return key.toUpperCase(java.util.Locale.ROOT);
  }

  @Retry(maxAttempts = 2)
  @Timed
  public String alwaysFails() throws IOException {
    attempts.incrementAndGet();
    throw new IOException("down");
  }
}
