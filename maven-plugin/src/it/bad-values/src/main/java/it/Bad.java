package it;

import dev.decor.Cached;
import dev.decor.Retry;

/** What the processor would reject; woven, it would fail only at the first call. */
public final class Bad {
  @Retry(maxAttempts = 0)
  int none() {
    return 0;
  }

  @Cached(expireAfterWrite = "soon")
  static int soon(int x) {
    return x;
  }

  @Retry(jitter = 1.5)
  private int shaky() {
    return 0;
  }
}
