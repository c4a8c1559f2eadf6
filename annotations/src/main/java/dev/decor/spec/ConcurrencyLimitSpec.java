package dev.decor.spec;

import dev.decor.ConcurrencyLimit;
import dev.decor.internal.Durations;
import dev.decor.internal.Messages;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@code @ConcurrencyLimit}: how many executions at once ({@code value >= 1}), how
 * long a caller may wait for a permit ({@code maxWait}, a duration) and the shared group's name
 * (empty: the method's own limit). Validated at construction with the processor's messages.
 * Build one with {@link #builder()}; immutable.
 */
public record ConcurrencyLimitSpec(int value, String maxWait, String group) implements Spec {

  public ConcurrencyLimitSpec {
    Objects.requireNonNull(group, "group");
    Messages.requireValid(checkValue(value));
    Durations.parse("@ConcurrencyLimit(maxWait)", maxWait);
  }

  /** A builder for {@code @ConcurrencyLimit}; the form generated code calls. */
  public static Builder builder() {
    return new Builder();
  }

  /** The error for {@code value} (at least 1), or null; the processor reports the same. */
  public static String checkValue(int value) {
    return value < 1 ? Messages.concurrencyLimitValue(value) : null;
  }

  /** The longest wait for a permit. */
  public Duration maxWaitDuration() {
    return Durations.parse("@ConcurrencyLimit(maxWait)", maxWait);
  }

  @Override
  public Order order() {
    return Order.CONCURRENCY_LIMIT;
  }

  /**
   * Collects {@code @ConcurrencyLimit}'s attributes by name, starting from the annotation's
   * defaults ({@code value} has none); {@link #build()} validates. Part of the surface generated
   * code calls. Not thread-safe.
   */
  public static final class Builder {
    private int value;
    private String maxWait = "0ms";
    private String group = "";

    private Builder() {}

    /** {@link ConcurrencyLimit#value()}. */
    public Builder value(int value) {
      this.value = value;
      return this;
    }

    /** {@link ConcurrencyLimit#maxWait()}. */
    public Builder maxWait(String maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /** {@link ConcurrencyLimit#group()}. */
    public Builder group(String group) {
      this.group = group;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException with a {@link Messages} text for an invalid value
     */
    public ConcurrencyLimitSpec build() {
      return new ConcurrencyLimitSpec(value, maxWait, group);
    }
  }
}
