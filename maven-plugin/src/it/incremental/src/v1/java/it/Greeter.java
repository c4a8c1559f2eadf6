package it;

import dev.decor.Timed;

public class Greeter {
  @Timed
  public String greet() {
    return "hello v1";
  }
}
