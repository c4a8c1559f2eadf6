package dev.decor.conformance.unwoven;

import dev.decor.Timed;

/**
 * Annotated, but outside every weaver's reach: test classes are not woven at build time, and the
 * load-time module's aop.xml excludes this package. Plays the misconfigured weaver.
 */
public class NotWoven {
  @Timed
  public String ping() {
    return "pong";
  }

  @Timed
  public String ping(int times) {
    return "pong".repeat(times);
  }
}
