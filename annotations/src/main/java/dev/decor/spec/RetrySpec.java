package dev.decor.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@code @Retry}, validated at construction with the same messages the processor
 * reports: {@code maxAttempts >= 1}, {@code multiplier >= 1}, {@code jitter} in [0, 1), valid
 * durations, no class in both {@code retryOn} and {@code ignore}.
 */
public record RetrySpec(
    int maxAttempts,
    String delay,
    double multiplier,
    String maxDelay,
    double jitter,
    List<Class<? extends Throwable>> retryOn,
    List<Class<? extends Throwable>> ignore)
    implements Spec {

  public RetrySpec {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    retryOn = List.copyOf(retryOn);
    ignore = List.copyOf(ignore);
    Messages.requireValid(checkMaxAttempts(maxAttempts));
    Durations.parse("@Retry(delay)", delay);
    Messages.requireValid(checkMultiplier(multiplier));
    if (!maxDelay.isEmpty()) {
      Durations.parse("@Retry(maxDelay)", maxDelay);
    }
    Messages.requireValid(checkJitter(jitter));
    for (Class<? extends Throwable> c : retryOn) {
      if (ignore.contains(c)) {
        throw new IllegalArgumentException(Messages.retryOnAndIgnore(c.getName()));
      }
    }
  }

  /** The error for {@code maxAttempts} (at least 1), or null; the processor reports the same. */
  public static String checkMaxAttempts(int maxAttempts) {
    return maxAttempts < 1 ? Messages.retryMaxAttempts(maxAttempts) : null;
  }

  /** The error for {@code multiplier} (finite, at least 1.0), or null. */
  public static String checkMultiplier(double multiplier) {
    return multiplier >= 1.0 && !Double.isInfinite(multiplier)
        ? null
        : Messages.retryMultiplier(multiplier);
  }

  /** The error for {@code jitter} (in [0, 1)), or null. */
  public static String checkJitter(double jitter) {
    return jitter >= 0.0 && jitter < 1.0 ? null : Messages.retryJitter(jitter);
  }

  /** The form generated code calls, with the annotation's values as literals. */
  @SafeVarargs
  public static RetrySpec of(
      int maxAttempts,
      String delay,
      double multiplier,
      String maxDelay,
      double jitter,
      Class<? extends Throwable>[] retryOn,
      Class<? extends Throwable>... ignore) {
    return new RetrySpec(
        maxAttempts, delay, multiplier, maxDelay, jitter, List.of(retryOn), List.of(ignore));
  }

  /** The wait before the second attempt. */
  public Duration delayDuration() {
    return Durations.parse("@Retry(delay)", delay);
  }

  /** The cap on a single wait, or null for none. */
  public Duration maxDelayDuration() {
    return maxDelay.isEmpty() ? null : Durations.parse("@Retry(maxDelay)", maxDelay);
  }

  @Override
  public Order order() {
    return Order.RETRY;
  }
}
