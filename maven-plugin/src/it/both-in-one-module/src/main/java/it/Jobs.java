package it;

import dev.decor.Timed;
import dev.decor.Woven;

/** Static methods: no wrapper can reach them, so the processor leaves this class to weaving. */
@Woven
public final class Jobs {
  private Jobs() {}

  @Timed
  static int run() {
    return 2;
  }
}
