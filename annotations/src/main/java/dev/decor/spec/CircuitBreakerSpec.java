package dev.decor.spec;

import dev.decor.CircuitBreaker;
import dev.decor.internal.Durations;
import dev.decor.internal.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@code @CircuitBreaker}, validated at construction with the same messages the
 * processor reports: rates in 1..100, {@code window} and {@code halfOpenCalls} at least 1,
 * {@code openFor} a duration of at least 1 ms, {@code slowCall} empty or a positive duration, no
 * class in both {@code recordOn} and {@code ignore}. Build one with {@link #builder()}; immutable.
 */
public record CircuitBreakerSpec(
    int failureRate,
    int window,
    String openFor,
    int halfOpenCalls,
    String slowCall,
    int slowCallRate,
    List<Class<? extends Throwable>> recordOn,
    List<Class<? extends Throwable>> ignore,
    String name)
    implements Spec {

  public CircuitBreakerSpec {
    Objects.requireNonNull(openFor, "openFor");
    Objects.requireNonNull(slowCall, "slowCall");
    Objects.requireNonNull(name, "name");
    recordOn = List.copyOf(recordOn);
    ignore = List.copyOf(ignore);
    Messages.requireValid(checkPercent("failureRate", failureRate));
    Messages.requireValid(checkAtLeastOne("window", window));
    Messages.requireValid(checkOpenFor(openFor));
    Messages.requireValid(checkAtLeastOne("halfOpenCalls", halfOpenCalls));
    Messages.requireValid(checkSlowCall(slowCall));
    Messages.requireValid(checkPercent("slowCallRate", slowCallRate));
    Attributes.requireValid(recordOn, ignore, type -> null,
        Messages::circuitBreakerRecordOnAndIgnore);
  }

  /** A builder with {@code @CircuitBreaker}'s defaults; the form generated code calls. */
  public static Builder builder() {
    return new Builder();
  }

  /** The error for a percentage attribute (1 to 100), or null. */
  public static String checkPercent(String attribute, int value) {
    return value < 1 || value > 100 ? Messages.circuitBreakerPercent(attribute, value) : null;
  }

  /** The error for an attribute that must be at least 1, or null. */
  public static String checkAtLeastOne(String attribute, int value) {
    return value < 1 ? Messages.circuitBreakerAtLeastOne(attribute, value) : null;
  }

  /** The error for {@code openFor} (a duration of at least 1 ms), or null. */
  public static String checkOpenFor(String openFor) {
    String error = Durations.check("@CircuitBreaker(openFor)", openFor);
    if (error != null) {
      return error;
    }
    return Durations.parse("@CircuitBreaker(openFor)", openFor).toMillis() < 1
        ? Messages.circuitBreakerOpenFor(openFor) : null;
  }

  /** The error for {@code slowCall} (empty, or a positive duration), or null. */
  public static String checkSlowCall(String slowCall) {
    return slowCall != null && slowCall.isEmpty()
        ? null
        : Durations.checkPositive(
            "@CircuitBreaker(slowCall)", slowCall, Messages::circuitBreakerSlowCall);
  }

  /** {@link #openFor()} parsed. */
  public Duration openForDuration() {
    return Durations.parse("@CircuitBreaker(openFor)", openFor);
  }

  /** {@link #slowCall()} parsed, or null when slow calls are not tracked. */
  public Duration slowCallDuration() {
    return slowCall.isEmpty() ? null : Durations.parse("@CircuitBreaker(slowCall)", slowCall);
  }

  @Override
  public Order order() {
    return Order.CIRCUIT_BREAKER;
  }

  /**
   * Collects {@code @CircuitBreaker}'s attributes by name, starting from the annotation's
   * defaults; {@link #build()} validates. Part of the surface generated code calls. Not
   * thread-safe.
   */
  public static final class Builder {
    private int failureRate = 50;
    private int window = 20;
    private String openFor = "5s";
    private int halfOpenCalls = 3;
    private String slowCall = "";
    private int slowCallRate = 100;
    private List<Class<? extends Throwable>> recordOn = List.of(Exception.class);
    private List<Class<? extends Throwable>> ignore = List.of();
    private String name = "";

    private Builder() {}

    /** {@link CircuitBreaker#failureRate()}. */
    public Builder failureRate(int failureRate) {
      this.failureRate = failureRate;
      return this;
    }

    /** {@link CircuitBreaker#window()}. */
    public Builder window(int window) {
      this.window = window;
      return this;
    }

    /** {@link CircuitBreaker#openFor()}. */
    public Builder openFor(String openFor) {
      this.openFor = openFor;
      return this;
    }

    /** {@link CircuitBreaker#halfOpenCalls()}. */
    public Builder halfOpenCalls(int halfOpenCalls) {
      this.halfOpenCalls = halfOpenCalls;
      return this;
    }

    /** {@link CircuitBreaker#slowCall()}. */
    public Builder slowCall(String slowCall) {
      this.slowCall = slowCall;
      return this;
    }

    /** {@link CircuitBreaker#slowCallRate()}. */
    public Builder slowCallRate(int slowCallRate) {
      this.slowCallRate = slowCallRate;
      return this;
    }

    /** {@link CircuitBreaker#recordOn()}. */
    @SafeVarargs
    public final Builder recordOn(Class<? extends Throwable>... recordOn) {
      this.recordOn = Attributes.classes(recordOn);
      return this;
    }

    /** {@link CircuitBreaker#ignore()}. */
    @SafeVarargs
    public final Builder ignore(Class<? extends Throwable>... ignore) {
      this.ignore = Attributes.classes(ignore);
      return this;
    }

    /** {@link CircuitBreaker#name()}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException with a {@link Messages} text for an invalid value
     */
    public CircuitBreakerSpec build() {
      return new CircuitBreakerSpec(failureRate, window, openFor, halfOpenCalls, slowCall,
          slowCallRate, recordOn, ignore, name);
    }
  }
}
