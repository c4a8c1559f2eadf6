package dev.decor.internal;

import java.time.Duration;

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
      String error = Durations.check(attribute, s);
      if (error != null) {
        return error;
      }
      if (Durations.parse(attribute, s).isZero()) {
        return Messages.sloNotPositive(annotation, s);
      }
    }
    return null;
  }

  /** {@code slo} parsed (checked with {@link #checkSlo} first). */
  public static Duration[] sloDurations(String annotation, String[] slo) {
    Duration[] durations = new Duration[slo.length];
    for (int i = 0; i < slo.length; i++) {
      durations[i] = Durations.parse(annotation + "(slo)", slo[i]);
    }
    return durations;
  }
}
