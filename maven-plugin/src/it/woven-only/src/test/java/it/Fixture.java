package it;

import dev.decor.Timed;

/** Test code with a decor annotation: woven by decor:test-weave, checked with the rest. */
public class Fixture {
  @Timed
  public int work() {
    return 1;
  }
}
