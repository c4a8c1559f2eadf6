package it;

import dev.decor.Retry;
import dev.decor.Timed;

public final class Store {
  @Timed
  public String fetch(String key) {
    return key;
  }

  @Retry
  static void tick() {}
}
