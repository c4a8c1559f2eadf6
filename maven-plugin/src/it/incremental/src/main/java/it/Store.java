package it;

import dev.decor.Retry;
import dev.decor.Timed;

public class Store {
  @Timed
  @Retry(maxAttempts = 2)
  public String fetch(String key) {
    return key;
  }
}
