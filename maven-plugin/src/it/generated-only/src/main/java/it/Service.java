package it;

import dev.decor.Retry;
import dev.decor.Timed;

public class Service {
  int calls;

  @Timed
  @Retry(maxAttempts = 2)
  public String fetch(String key) {
    if (++calls < 2) {
      throw new IllegalStateException("flaky");
    }
    return key + "!";
  }
}
