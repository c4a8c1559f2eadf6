package dev.decor.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The rules of the distribution attributes {@code @Timed} and {@code @Batched} share —
 * {@code percentiles} (quantiles in [0, 1]) and {@code slo} (positive durations) — checked by the
 * specs at run time and by the processor through the annotations' descriptions, with one message
 * each.
 */
public final class Distributions {
  private Distributions() {}

  /** The error for the first value of {@code percentiles} outside [0, 1], or null. */
  public static String checkPercentiles(String annotation, double[] percentiles) {
    for (double p : percentiles) {
      if (!(p >= 0.0 && p <= 1.0)) {
        return Messages.percentile(annotation, p);
      }
    }
    return null;
  }

  /** The error for the first value of {@code slo} that is not a positive duration, or null. */
  public static String checkSlo(String annotation, String[] slo) {
    String attribute = annotation + "(slo)";
    for (String s : slo) {
      String error = Durations.checkPositive(
          attribute, s, zero -> Messages.sloNotPositive(annotation, zero));
      if (error != null) {
        return error;
      }
    }
    return null;
  }

  /** {@code slo} parsed (checked with {@link #checkSlo} first). */
  public static Duration[] sloDurations(List<String> slo) {
    Duration[] durations = new Duration[slo.size()];
    for (int i = 0; i < durations.length; i++) {
      durations[i] = Durations.parse("slo", slo.get(i));
    }
    return durations;
  }

  /** A spec's {@code percentiles} as Micrometer (and {@link #checkPercentiles}) takes them. */
  public static double[] percentileArray(List<Double> percentiles) {
    return percentiles.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A builder's {@code percentiles} as the spec holds them. */
  public static List<Double> percentileList(double[] percentiles) {
    return Arrays.stream(percentiles).boxed().toList();
  }
}
