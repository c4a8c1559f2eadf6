package dev.decor.conformance.woven;

import dev.decor.Cached;
import dev.decor.Retry;
import dev.decor.Timed;
import java.io.IOException;

/**
 * A woven class whose methods nobody calls: one test initialises it and then looks its retry and
 * cache up, as an application does at start-up to subscribe to events.
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
}
