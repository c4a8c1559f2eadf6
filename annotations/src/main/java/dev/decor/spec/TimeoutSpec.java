package dev.decor.spec;

import dev.decor.Timeout;
import dev.decor.internal.Durations;
import dev.decor.internal.Messages;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@code @Timeout}: the time a call may take, validated at construction with the
 * messages the processor reports (a duration, positive). Build one with {@link #builder()};
 * immutable.
 */
public record TimeoutSpec(String value) implements Spec {

  public TimeoutSpec {
    Messages.requireValid(checkValue(value));
  }

  /** A builder for {@code @Timeout}, which has no default value; the form generated code calls. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code @Timeout(value)}. */
  public static TimeoutSpec of(String value) {
    return new TimeoutSpec(value);
  }

  /** The error for {@code value} (a positive duration), or null; the processor reports the same. */
  public static String checkValue(String value) {
    return Durations.checkPositive("@Timeout(value)", value, Messages::timeoutValue);
  }

  /** The limit. */
  public Duration duration() {
    return Durations.parse("@Timeout(value)", value);
  }

  @Override
  public Order order() {
    return Order.TIMEOUT;
  }

  /**
   * Collects {@code @Timeout}'s attribute by name; {@link #build()} validates. Part of the surface
   * generated code calls. Not thread-safe.
   */
  public static final class Builder {
    private String value;

    private Builder() {}

    /** {@link Timeout#value()}. */
    public Builder value(String value) {
      this.value = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException with a {@link Messages} text for an invalid or missing value
     */
    public TimeoutSpec build() {
      return new TimeoutSpec(value);
    }
  }
}
