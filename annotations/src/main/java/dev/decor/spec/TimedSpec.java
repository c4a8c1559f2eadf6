package dev.decor.spec;

import java.util.Objects;

/** Settings of {@code @Timed}: the Micrometer timer name (empty = {@code method.timed}) and logging. */
public record TimedSpec(String value, boolean log) implements Spec {
  public TimedSpec {
    Objects.requireNonNull(value, "value");
  }

  public static TimedSpec of(String value, boolean log) {
    return new TimedSpec(value, log);
  }

  @Override
  public Order order() {
    return Order.TIMED;
  }
}
