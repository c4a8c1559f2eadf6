package dev.decor.spec;

import dev.decor.internal.Messages;
import dev.decor.internal.Durations;
import dev.decor.Batched;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@code @Batched}, validated: {@code maxSize >= 1}, {@code maxWait} a duration,
 * {@code maxConcurrency >= 1}, {@code queueCapacity >= 1}, {@code eager}; the meters'
 * distribution ({@code percentiles} in [0, 1], {@code histogram}, {@code slo} positive durations);
 * an optional {@code queueTimeout}, {@code preferredSizes} ascending within {@code maxSize},
 * {@code maxCost >= 0} with its {@code cost} method, and {@code adaptive}; {@code method} names the
 * batch method (empty for the programmatic front end, which is handed the batch function, as it
 * is the cost function). Build one with {@link #builder()}; immutable.
 */
public record BatchedSpec(String method, int maxSize, String maxWait, int maxConcurrency,
    int queueCapacity, boolean eager, List<Double> percentiles, boolean histogram,
    List<String> slo, String queueTimeout, String preferredSizes, long maxCost, String cost,
    boolean adaptive) implements Spec, MeterDistribution {

  public BatchedSpec {
    percentiles = List.copyOf(percentiles);
    slo = List.copyOf(slo);
    MeterDistribution.requireValid("@Batched", percentiles, slo);
    Objects.requireNonNull(method, "method");
    Messages.requireValid(checkAtLeastOne("maxSize", maxSize));
    Durations.parse("@Batched(maxWait)", maxWait);
    Messages.requireValid(checkAtLeastOne("maxConcurrency", maxConcurrency));
    Messages.requireValid(checkAtLeastOne("queueCapacity", queueCapacity));
    Objects.requireNonNull(queueTimeout, "queueTimeout");
    Objects.requireNonNull(cost, "cost");
    Messages.requireValid(Durations.checkOptional("@Batched(queueTimeout)", queueTimeout));
    Messages.requireValid(checkPreferredSizes(preferredSizes));
    int[] sizes = parseSizes(preferredSizes);
    if (sizes.length > 0 && sizes[sizes.length - 1] > maxSize) {
      throw new IllegalArgumentException(Messages.batchedPreferredSizes(preferredSizes,
          "lists " + sizes[sizes.length - 1] + ", above maxSize " + maxSize));
    }
    Messages.requireValid(checkAtLeastZero("maxCost", maxCost));
  }

  /** The error for a {@code long} attribute that must be at least 0, or null. */
  public static String checkAtLeastZero(String attribute, long value) {
    return value < 0 ? Messages.batchedAtLeastZero(attribute, value) : null;
  }

  /** The error for {@code preferredSizes} on its own (ascending sizes of at least 1), or null. */
  public static String checkPreferredSizes(String sizes) {
    if (sizes == null) {
      return Messages.batchedPreferredSizes("null", "is not a list of sizes");
    }
    try {
      int[] parsed = parseSizes(sizes);
      for (int i = 0; i < parsed.length; i++) {
        if (parsed[i] < 1) {
          return Messages.batchedPreferredSizes(sizes, "lists " + parsed[i]);
        }
        if (i > 0 && parsed[i] <= parsed[i - 1]) {
          return Messages.batchedPreferredSizes(sizes, "is not ascending");
        }
      }
      return null;
    } catch (NumberFormatException e) {
      return Messages.batchedPreferredSizes(sizes, "is not a list of whole numbers");
    }
  }

  /**
   * {@code sizes} as {@code preferredSizes} writes them ({@code "8,16,32"}), parsed; empty for
   * none. Checked with {@link #checkPreferredSizes} first.
   */
  public static int[] parseSizes(String sizes) {
    if (sizes.isBlank()) {
      return new int[0];
    }
    String[] parts = sizes.split(",");
    int[] parsed = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      parsed[i] = Integer.parseInt(parts[i].trim());
    }
    return parsed;
  }

  /** {@link #preferredSizes()} parsed, ascending; empty for none. */
  public int[] preferredSizeList() {
    return parseSizes(preferredSizes);
  }

  /** {@link #queueTimeout()} parsed, or null for none. */
  public Duration queueTimeoutDuration() {
    return queueTimeout.isEmpty() ? null : Durations.parse("@Batched(queueTimeout)", queueTimeout);
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
    return Attributes.isIdentifier(method) ? null : Messages.batchedMethodName(method);
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
  public static final class Builder extends MeterDistribution.Builder<Builder> {
    private String method = "";
    private int maxSize = 32;
    private String maxWait = "5ms";
    private int maxConcurrency = 1;
    private int queueCapacity = 1024;
    private boolean eager;
    private String queueTimeout = "";
    private String preferredSizes = "";
    private long maxCost;
    private String cost = "";
    private boolean adaptive;

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

    /** {@link Batched#queueTimeout()}. */
    public Builder queueTimeout(String queueTimeout) {
      this.queueTimeout = queueTimeout;
      return this;
    }

    /** {@link Batched#preferredSizes()}. */
    public Builder preferredSizes(String preferredSizes) {
      this.preferredSizes = preferredSizes;
      return this;
    }

    /** {@link Batched#maxCost()}. */
    public Builder maxCost(long maxCost) {
      this.maxCost = maxCost;
      return this;
    }

    /** {@link Batched#cost()}. */
    public Builder cost(String cost) {
      this.cost = cost;
      return this;
    }

    /** {@link Batched#adaptive()}. */
    public Builder adaptive(boolean adaptive) {
      this.adaptive = adaptive;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException with a {@link Messages} text for an invalid value
     */
    public BatchedSpec build() {
      return new BatchedSpec(method, maxSize, maxWait, maxConcurrency, queueCapacity, eager,
          percentiles, histogram, slo, queueTimeout, preferredSizes, maxCost, cost, adaptive);
    }
  }
}
