package dev.decor.timing;

/**
 * A snapshot of one name's call timings: how many calls, their total and longest wall time, and
 * the mean. All zeros for a name nothing has recorded yet.
 */
public record TimingStats(long count, long totalNanos, long maxNanos, double meanNanos) {
  /** The stats of a name with no calls. */
  public static final TimingStats EMPTY = new TimingStats(0, 0, 0, 0.0);
}
