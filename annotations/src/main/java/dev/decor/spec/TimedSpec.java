package dev.decor.spec;

import dev.decor.MetricTag;
import dev.decor.Timed;
import dev.decor.internal.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of {@code @Timed}: the Micrometer timer name (empty = {@code method.timed}), logging,
 * the distribution it publishes (percentiles, histogram, SLO buckets) and the {@link MetricTag}
 * parameters that tag it. Build one with {@link #builder()}; immutable. Validated at
 * construction: percentiles in [0, 1], SLOs positive durations. The tags are checked against the
 * method's parameters where the method is known (the processor; the engine when it builds the
 * chain), with the {@code [decor/MetricTag…]} messages.
 */
public record TimedSpec(String value, boolean log, List<Double> percentiles, boolean histogram,
    List<String> slo, List<Tag> tags) implements Spec, MeterDistribution {

  /** The tag keys decor itself sets on a {@code @Timed} timer or Observation. */
  public static final Set<String> RESERVED_TAG_KEYS =
      Set.of("class", "method", "exception", "outcome");

  /**
   * One {@link MetricTag} parameter: its position among the method's parameters, its key, and its
   * mapper class ({@code MetricTag.Mapper.class} for none).
   */
  public record Tag(int parameter, String key, Class<?> mapper) {
    public Tag {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(mapper, "mapper");
      if (parameter < 0) {
        throw new IllegalArgumentException("parameter must not be negative: " + parameter);
      }
    }

    /** Whether a mapper turns the argument into the tag value (else: an enum or a boolean). */
    public boolean mapped() {
      return mapper != MetricTag.Mapper.class;
    }
  }

  public TimedSpec {
    Objects.requireNonNull(value, "value");
    percentiles = List.copyOf(percentiles);
    slo = List.copyOf(slo);
    tags = List.copyOf(tags);
    MeterDistribution.requireValid("@Timed", percentiles, slo);
  }

  /** A builder with {@code @Timed}'s defaults; the form generated code calls. */
  public static Builder builder() {
    return new Builder();
  }

  /** The positional form; prefer {@link #builder()}, which new attributes do not break. */
  public static TimedSpec of(String value, boolean log) {
    return new TimedSpec(value, log, List.of(), false, List.of(), List.of());
  }

  /** Whether {@code key} may name a {@link MetricTag}: non-empty and not decor's own. */
  public static boolean checkTagKey(String key) {
    return key != null && !key.isBlank() && !RESERVED_TAG_KEYS.contains(key);
  }

  /** This spec with {@code tags} instead of its own (the woven reader adds the parameters'). */
  public TimedSpec withTags(List<Tag> tags) {
    return new TimedSpec(value, log, percentiles, histogram, slo, tags);
  }

  @Override
  public Order order() {
    return Order.TIMED;
  }

  /**
   * Collects {@code @Timed}'s attributes by name, starting from the annotation's defaults, and the
   * method's {@link MetricTag} parameters. Part of the surface generated code calls. Not
   * thread-safe.
   */
  public static final class Builder extends MeterDistribution.Builder<Builder> {
    private String value = "";
    private boolean log;
    private final List<Tag> tags = new ArrayList<>();

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

    /**
     * A {@link MetricTag} on parameter {@code parameter} (0-based) with key {@code key} and
     * {@code mapper} ({@code MetricTag.Mapper.class} for none).
     */
    public Builder tag(int parameter, String key, Class<?> mapper) {
      tags.add(new Tag(parameter, key, mapper));
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException with a {@link Messages} text for an invalid value
     */
    public TimedSpec build() {
      return new TimedSpec(value, log, percentiles, histogram, slo, tags);
    }
  }
}
