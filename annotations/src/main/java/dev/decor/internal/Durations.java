package dev.decor.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses decor's duration strings: {@code "250ms"}, {@code "1s"}, {@code "2m"}, {@code "1h"},
 * {@code "500us"}, {@code "100ns"} (a non-negative integer and a unit), or ISO-8601
 * ({@code "PT0.5S"}).
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,18})(ns|us|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}; {@code attribute} (e.g. {@code "@Retry(delay)"}) names it in errors.
   *
   * @throws IllegalArgumentException with a {@link Messages#badDuration} message
   */
  public static Duration parse(String attribute, String text) {
    String error = check(attribute, text);
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
    return parseUnchecked(text);
  }

  /** The error message for {@code text}, or null when it is a valid duration. */
  public static String check(String attribute, String text) {
    if (text == null) {
      return Messages.badDuration(attribute, "null");
    }
    Duration d;
    try {
      d = parseUnchecked(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Messages.badDuration(attribute, text);
    }
    return d.isNegative() ? Messages.negativeDuration(attribute, text) : null;
  }

  /** As {@link #check}, but an empty {@code text} (no value: no cap, no expiry) is valid too. */
  public static String checkOptional(String attribute, String text) {
    return text != null && text.isEmpty() ? null : check(attribute, text);
  }

  /**
   * As {@link #check}, and zero is an error too: {@code zero} makes it from {@code text}, since
   * each attribute says what to write instead.
   */
  public static String checkPositive(String attribute, String text, UnaryOperator<String> zero) {
    String error = check(attribute, text);
    return error == null && parseUnchecked(text).isZero() ? zero.apply(text) : error;
  }

  /**
   * {@code d} as decor writes a duration, exactly and in the largest of milliseconds, microseconds
   * and nanoseconds that divides it ({@code 250ms}, {@code 500us}, {@code 100ns}); ISO-8601 for a
   * negative one or one too long to count in nanoseconds. {@link #parse} reads it back.
   */
  public static String text(Duration d) {
    if (d.isNegative()) {
      return d.toString();
    }
    long nanos = saturatedNanos(d);
    if (nanos == Long.MAX_VALUE) {
      return d.toString();
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    return nanos % 1_000L == 0 ? nanos / 1_000L + "us" : nanos + "ns";
  }

  /** {@code d} in nanoseconds; {@code Long.MAX_VALUE} for one too long (about 292 years). */
  public static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static Duration parseUnchecked(String text) {
    Matcher m = SIMPLE.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ns": return Duration.ofNanos(n);
        case "us": return Duration.ofNanos(Math.multiplyExact(n, 1_000L));
        case "ms": return Duration.ofMillis(n);
        case "s": return Duration.ofSeconds(n);
        case "m": return Duration.ofMinutes(n);
        default: return Duration.ofHours(n);
      }
    }
    if (text.startsWith("P") || text.startsWith("-P")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e);
      }
    }
    throw new IllegalArgumentException(text);
  }
}
