package dev.decor.spec;

import dev.decor.Batched;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@code @Batched}, validated: {@code maxSize >= 1}, {@code maxWait} a duration,
 * {@code maxConcurrency >= 1}, {@code queueCapacity >= 1}, and {@code eager}; {@code method} names the batch method
 * (empty for the programmatic front end, which is handed the batch function). Build one with
 * {@link #builder()}; immutable.
 */
public record BatchedSpec(String method, int maxSize, String maxWait, int maxConcurrency,
    int queueCapacity, boolean eager) implements Spec {
  /** {@code @Batched}'s description: one line per attribute, each a {@link Builder} setter. */
  public static final Description<Batched, Builder> DESCRIPTION = Description.of(
      Batched.class, Order.BATCHED, BatchedSpec.class, BatchedSpec::builder, Builder::build,
      Attribute.<Batched, Builder>of("method", Batched::method, (b, v) -> b.method((String) v))
          .checked(v -> checkMethod((String) v)),
      Attribute.<Batched, Builder>of("maxSize", Batched::maxSize,
          (b, v) -> b.maxSize((Integer) v))
          .checked(v -> checkAtLeastOne("maxSize", (Integer) v)),
      Attribute.<Batched, Builder>of("maxWait", Batched::maxWait, (b, v) -> b.maxWait((String) v))
          .checked(v -> Durations.check("@Batched(maxWait)", (String) v)),
      Attribute.<Batched, Builder>of("maxConcurrency", Batched::maxConcurrency,
          (b, v) -> b.maxConcurrency((Integer) v))
          .checked(v -> checkAtLeastOne("maxConcurrency", (Integer) v)),
      Attribute.<Batched, Builder>of("queueCapacity", Batched::queueCapacity,
          (b, v) -> b.queueCapacity((Integer) v))
          .checked(v -> checkAtLeastOne("queueCapacity", (Integer) v)),
      Attribute.of("eager", Batched::eager, (b, v) -> b.eager((Boolean) v)));

  public BatchedSpec {
    Objects.requireNonNull(method, "method");
    Messages.requireValid(checkAtLeastOne("maxSize", maxSize));
    Durations.parse("@Batched(maxWait)", maxWait);
    Messages.requireValid(checkAtLeastOne("maxConcurrency", maxConcurrency));
    Messages.requireValid(checkAtLeastOne("queueCapacity", queueCapacity));
  }

  /** A builder with {@code @Batched}'s defaults; the form generated code calls. */
  public static Builder builder() {
    return new Builder();
  }

  /** The error for an {@code int} attribute that must be at least 1, or null. */
  public static String checkAtLeastOne(String attribute, int value) {
    return value < 1 ? Messages.batchedAtLeastOne(attribute, value) : null;
  }

  /** The error for the annotation's {@code method} (a Java identifier), or null. */
  public static String checkMethod(String method) {
    return method.isEmpty() || !Character.isJavaIdentifierStart(method.charAt(0))
        || !method.codePoints().allMatch(Character::isJavaIdentifierPart)
        ? Messages.batchedMethodName(method) : null;
  }

  /** {@link #maxWait()} parsed. */
  public Duration maxWaitDuration() {
    return Durations.parse("@Batched(maxWait)", maxWait);
  }

  @Override
  public Order order() {
    return Order.BATCHED;
  }

  /**
   * Collects {@code @Batched}'s attributes by name, starting from the annotation's defaults;
   * {@link #build()} validates. Part of the surface generated code calls. Not thread-safe.
   */
  public static final class Builder {
    private String method = "";
    private int maxSize = 32;
    private String maxWait = "5ms";
    private int maxConcurrency = 1;
    private int queueCapacity = 1024;
    private boolean eager;

    private Builder() {}

    /** {@link Batched#method()}. */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /** {@link Batched#maxSize()}. */
    public Builder maxSize(int maxSize) {
      this.maxSize = maxSize;
      return this;
    }

    /** {@link Batched#maxWait()}. */
    public Builder maxWait(String maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /** {@link Batched#maxConcurrency()}. */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /** {@link Batched#queueCapacity()}. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** {@link Batched#eager()}. */
    public Builder eager(boolean eager) {
      this.eager = eager;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException with a {@link Messages} text for an invalid value
     */
    public BatchedSpec build() {
      return new BatchedSpec(method, maxSize, maxWait, maxConcurrency, queueCapacity, eager);
    }
  }
}
