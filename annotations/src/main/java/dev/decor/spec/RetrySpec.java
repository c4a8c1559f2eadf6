package dev.decor.spec;

import dev.decor.internal.Messages;
import dev.decor.internal.Durations;
import dev.decor.internal.TypeRef;
import dev.decor.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Settings of {@code @Retry}, validated at construction with the same messages the processor
 * reports: {@code maxAttempts >= 1}, {@code multiplier >= 1}, {@code jitter} in [0, 1), valid
 * durations (a positive {@code maxDuration} when set), no {@link Error} in {@code retryOn}
 * (Errors are never retried), no class in both {@code retryOn} and {@code ignore}.
 * {@code retryIf} is {@code Predicate.class} when no result is judged; whether the predicate fits
 * the method is checked when its chain is built. Build one with {@link #builder()}; immutable.
 */
public record RetrySpec(
    int maxAttempts,
    String delay,
    double multiplier,
    String maxDelay,
    double jitter,
    List<Class<? extends Throwable>> retryOn,
    List<Class<? extends Throwable>> ignore,
    @SuppressWarnings("rawtypes") Class<? extends Predicate> retryIf,
    String maxDuration,
    boolean log)
    implements Spec {

  /** The form before {@code retryIf}, {@code maxDuration} and {@code log}: their defaults. */
  public RetrySpec(int maxAttempts, String delay, double multiplier, String maxDelay,
      double jitter, List<Class<? extends Throwable>> retryOn,
      List<Class<? extends Throwable>> ignore) {
    this(maxAttempts, delay, multiplier, maxDelay, jitter, retryOn, ignore, Predicate.class, "",
        false);
  }

  public RetrySpec {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(retryIf, "retryIf");
    Messages.requireValid(checkMaxDuration(maxDuration));
    retryOn = List.copyOf(retryOn);
    ignore = List.copyOf(ignore);
    Messages.requireValid(checkMaxAttempts(maxAttempts));
    Durations.parse("@Retry(delay)", delay);
    Messages.requireValid(checkMultiplier(multiplier));
    if (!maxDelay.isEmpty()) {
      Durations.parse("@Retry(maxDelay)", maxDelay);
    }
    Messages.requireValid(checkJitter(jitter));
    Attributes.requireValid(retryOn, ignore, RetrySpec::checkRetryOn, Messages::retryOnAndIgnore);
  }

  /** A builder with {@code @Retry}'s defaults; the form generated code calls. */
  public static Builder builder() {
    return new Builder();
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

  /** The error for {@code maxDuration} (empty, or a positive duration), or null. */
  public static String checkMaxDuration(String maxDuration) {
    return maxDuration != null && maxDuration.isEmpty()
        ? null
        : Durations.checkPositive("@Retry(maxDuration)", maxDuration, Messages::retryMaxDuration);
  }

  /** The error for a class listed in {@code retryOn}: an {@link Error} is never retried. */
  public static String checkRetryOn(TypeRef type) {
    return type.isSubtypeOf(Error.class) ? Messages.retryOnError(type.name()) : null;
  }

  /** The old positional form; prefer {@link #builder()}, which new attributes do not break. */
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

  /** The time budget, or null for none. */
  public Duration maxDurationDuration() {
    return maxDuration.isEmpty() ? null : Durations.parse("@Retry(maxDuration)", maxDuration);
  }

  /** Whether results are judged ({@code retryIf} names a predicate class). */
  public boolean judgesResults() {
    return retryIf != Predicate.class;
  }

  /**
   * Whether the attempts need each result or the first attempt's start ({@code retryIf} or
   * {@code maxDuration}), which the retry loop's hooks do not see: {@code Shape.of}'s third
   * argument.
   */
  public boolean needsEachResult() {
    return judgesResults() || !maxDuration.isEmpty();
  }

  @Override
  public Order order() {
    return Order.RETRY;
  }

  /**
   * Collects {@code @Retry}'s attributes by name, starting from the annotation's defaults;
   * {@link #build()} validates. Part of the surface generated code calls (docs/processor.md).
   * Not thread-safe.
   */
  public static final class Builder {
    private int maxAttempts = 3;
    private String delay = "0ms";
    private double multiplier = 1.0;
    private String maxDelay = "";
    private double jitter = 0.0;
    private List<Class<? extends Throwable>> retryOn = List.of(Exception.class);
    private List<Class<? extends Throwable>> ignore = List.of();
    @SuppressWarnings("rawtypes")
    private Class<? extends Predicate> retryIf = Predicate.class;
    private String maxDuration = "";
    private boolean log;

    private Builder() {}

    /** {@link Retry#maxAttempts()}. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** {@link Retry#delay()}. */
    public Builder delay(String delay) {
      this.delay = delay;
      return this;
    }

    /** {@link Retry#multiplier()}. */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /** {@link Retry#maxDelay()}. */
    public Builder maxDelay(String maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    /** {@link Retry#jitter()}. */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /** {@link Retry#retryOn()}. */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... retryOn) {
      this.retryOn = Attributes.classes(retryOn);
      return this;
    }

    /** {@link Retry#ignore()}. */
    @SafeVarargs
    public final Builder ignore(Class<? extends Throwable>... ignore) {
      this.ignore = Attributes.classes(ignore);
      return this;
    }

    /** {@link Retry#retryIf()}: a {@code Predicate} class answering true for a result to retry. */
    public Builder retryIf(@SuppressWarnings("rawtypes") Class<? extends Predicate> retryIf) {
      this.retryIf = Objects.requireNonNull(retryIf, "retryIf");
      return this;
    }

    /** {@link Retry#maxDuration()}. */
    public Builder maxDuration(String maxDuration) {
      this.maxDuration = maxDuration;
      return this;
    }

    /** {@link Retry#log()}. */
    public Builder log(boolean log) {
      this.log = log;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException with a {@link Messages} text for an invalid value
     */
    public RetrySpec build() {
      return new RetrySpec(maxAttempts, delay, multiplier, maxDelay, jitter, retryOn, ignore,
          retryIf, maxDuration, log);
    }
  }
}
