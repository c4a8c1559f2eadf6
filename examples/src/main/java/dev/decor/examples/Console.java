package dev.decor.examples;

/** Text helpers for the job's output: a progress bar that works in any log. Stateless. */
final class Console {
  private Console() {}

  /** E.g. {@code [########------------]} for 2 of 5 with width 20. */
  static String bar(int done, int total, int width) {
    int filled = total <= 0 ? width : (int) Math.round(width * Math.min(done, total) / (double) total);
    return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
  }

  /** Nanoseconds as a short human reading: {@code 850 us}, {@code 12.3 ms}, {@code 4.21 s}. */
  static String duration(double nanos) {
    if (nanos < 1e6) {
      return String.format(java.util.Locale.ROOT, "%.0f us", nanos / 1e3);
    }
    if (nanos < 1e9) {
      return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
