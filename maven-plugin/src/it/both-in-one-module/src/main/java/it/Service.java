package it;

import dev.decor.Timed;

public class Service {
  @Timed
  public int work() {
    return 1;
  }
}
