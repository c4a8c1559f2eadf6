package dev.decor.conformance;

import dev.decor.Timed;

/** Timed methods for the Micrometer side of {@code @Timed}. */
public class MeteredService {
  @Timed("inference.latency")
  public String infer(String input) {
    return input;
  }

  @Timed
  public String plain() {
    return "plain";
  }

  @Timed
  public String broken() {
    throw new IllegalStateException("broken");
  }

  /** Self-invocation: {@link #plain()} is timed too when called from here. */
  @Timed
  public String outer() {
    return "outer+" + plain();
  }
}
