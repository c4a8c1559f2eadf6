package dev.decor.spec;

import dev.decor.internal.Distributions;
import dev.decor.internal.Messages;
import java.time.Duration;
import java.util.List;

/**
 * The distribution a decorator's timer publishes besides its count and total time — client-side
 * {@link #percentiles()}, a percentile {@link #histogram()} for server-side aggregation, and
 * {@link #slo()} bucket boundaries — as Micrometer's {@code Timer.builder} takes them. One set of
 * rules for every spec that has them ({@link TimedSpec}, {@link BatchedSpec}): percentiles in
 * [0, 1], SLOs positive durations, each checked with its annotation's name in the message.
 */
public interface MeterDistribution {
  /** Quantiles in [0, 1] computed in this JVM, e.g. {@code 0.5, 0.99}; empty for none. */
  List<Double> percentiles();

  /** Whether to publish a percentile histogram (aggregable across replicas). */
  boolean histogram();

  /** Service-level objective buckets as durations ({@code "50ms"}); empty for none. */
  List<String> slo();

  /** {@link #percentiles()} as Micrometer takes them. */
  default double[] percentileArray() {
    return Distributions.percentileArray(percentiles());
  }

  /** {@link #slo()} parsed. */
  default Duration[] sloDurations() {
    return Distributions.sloDurations(slo());
  }

  /**
   * Checks a distribution for {@code annotation} ({@code "@Timed"}).
   *
   * @throws IllegalArgumentException with a {@link Messages} text for the first invalid value
   */
  static void requireValid(String annotation, List<Double> percentiles, List<String> slo) {
    Messages.requireValid(Distributions.checkPercentiles(
        annotation, Distributions.percentileArray(percentiles)));
    Messages.requireValid(Distributions.checkSlo(annotation, slo.toArray(new String[0])));
  }

  /**
   * The distribution's setters, which {@code @Timed}'s and {@code @Batched}'s builders share.
   * Part of the surface generated code calls. Not thread-safe.
   *
   * @param <B> the spec's builder, which each setter returns
   */
  abstract class Builder<B extends Builder<B>> {
    /** As the spec holds them (copies of what the setters were given), for its builder's build. */
    List<Double> percentiles = List.of();
    boolean histogram;
    List<String> slo = List.of();

    Builder() {}

    /** {@code percentiles()} of the annotation. */
    public final B percentiles(double... percentiles) {
      this.percentiles = Distributions.percentileList(percentiles);
      return self();
    }

    /** {@code histogram()} of the annotation. */
    public final B histogram(boolean histogram) {
      this.histogram = histogram;
      return self();
    }

    /** {@code slo()} of the annotation. */
    public final B slo(String... slo) {
      this.slo = List.of(slo);
      return self();
    }

    @SuppressWarnings("unchecked") // B is the subclass: only this package's builders extend it
    private B self() {
      return (B) this;
    }
  }
}
