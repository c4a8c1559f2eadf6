package it;

import dev.decor.Cached;

public final class Store {
  int computed;

  @Cached
  private String lookup(String key) {
    computed++;
    return key + key;
  }

  public String get(String key) {
    return lookup(key);
  }
}
