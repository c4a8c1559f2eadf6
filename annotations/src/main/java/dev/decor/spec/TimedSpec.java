package dev.decor.spec;

import dev.decor.Timed;
import java.util.Objects;

/**
 * Settings of {@code @Timed}: the Micrometer timer name (empty = {@code method.timed}) and
 * logging. Build one with {@link #builder()}; immutable.
 */
public record TimedSpec(String value, boolean log) implements Spec {

  public TimedSpec {
    Objects.requireNonNull(value, "value");
  }

  /** A builder with {@code @Timed}'s defaults; the form generated code calls. */
  public static Builder builder() {
    return new Builder();
  }

  /** The positional form; prefer {@link #builder()}, which new attributes do not break. */
  public static TimedSpec of(String value, boolean log) {
    return new TimedSpec(value, log);
  }

  @Override
  public Order order() {
    return Order.TIMED;
  }

  /**
   * Collects {@code @Timed}'s attributes by name, starting from the annotation's defaults. Part
   * of the surface generated code calls. Not thread-safe.
   */
  public static final class Builder {
    private String value = "";
    private boolean log;

    private Builder() {}

    /** {@link Timed#value()}. */
    public Builder value(String value) {
      this.value = value;
      return this;
    }

    /** {@link Timed#log()}. */
    public Builder log(boolean log) {
      this.log = log;
      return this;
    }

    public TimedSpec build() {
      return new TimedSpec(value, log);
    }
  }
}
