package it;

import dev.decor.Retry;
import dev.decor.Timed;

/** Final, with private and static decorated methods: only weaving reaches them. */
public final class Store {
  private int calls;

  public String fetch(String key) {
    return load(key);
  }

  @Retry(maxAttempts = 3)
  private String load(String key) {
    if (++calls < 3) {
      throw new IllegalStateException("flaky " + calls);
    }
    return key.toUpperCase();
  }

  @Timed
  static int answer() {
    return 42;
  }
}
