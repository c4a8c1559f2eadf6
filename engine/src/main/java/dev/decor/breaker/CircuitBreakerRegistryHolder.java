package dev.decor.breaker;

import dev.decor.kernel.Failures;
import dev.decor.kernel.LatestGauge;
import dev.decor.kernel.MethodKey;
import dev.decor.internal.Messages;
import dev.decor.spec.CircuitBreakerSpec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * An engine's {@code @CircuitBreaker} state: the resilience4j registry holding one
 * {@link CircuitBreaker} per breaker name (made on first use, so a new engine starts nothing), the
 * engine's clock the breakers read, and the meters each breaker reports. Engine-facing; not for
 * application code. Thread-safe.
 *
 * <h2>Meters</h2>
 * Per breaker, tagged {@code name}, registered in the engine's MeterRegistry when the breaker is
 * made: {@code decor.breaker.state} (0 closed, 1 open, 2 half-open, 3 disabled, 4 forced open,
 * 5 metrics only: resilience4j's {@code State.getOrder()}), {@code decor.breaker.failure.rate}
 * and {@code decor.breaker.slow.call.rate} (percent of the window; -1 until it is full), and
 * {@code decor.breaker.not.permitted.calls} (calls refused since the breaker last changed state).
 * They read the breaker when scraped; a call pays nothing for them.
 */
public final class CircuitBreakerRegistryHolder {
  private final LongSupplier nanoTime;
  private final EngineClock clock;
  private final Supplier<MeterRegistry> meters;
  private volatile CircuitBreakerRegistry registry;
  /** Per breaker name: the settings it was made with and the method that made it. */
  private final Map<String, Owner> owners = new HashMap<>();
  /** Per breaker name: the breaker its decorators use now. */
  private final Map<String, Live> lives = new HashMap<>();

  private record Owner(MethodKey key, CircuitBreakerSpec spec) {}

  /**
   * A breaker and the clock its calls are timed on (null when it tracks no slow calls: then a call
   * reads no clock), replaced together. Also the token of a call the fast path admitted
   * ({@link CircuitBreakerDecorator#enter}): it carries all the call's later hooks need.
   */
  record Current(CircuitBreaker breaker, LongSupplier clock) {
    /** Now on the clock, or 0 for an untimed breaker. */
    long now() {
      return clock == null ? 0L : clock.getAsLong();
    }

    /** The time since {@code start} ({@link #now}), or 0 for an untimed breaker. */
    long since(long start) {
      return clock == null ? 0L : clock.getAsLong() - start;
    }
  }

  /**
   * The breaker of one name as its decorators read it, once per call: a live change swaps in a
   * breaker with the new settings ({@link #tune}). Thread-safe.
   */
  static final class Live {
    volatile Current current;
    /** The settings now: the annotation's, or the last live change's. */
    CircuitBreakerSpec settings;

    Live(Current current, CircuitBreakerSpec settings) {
      this.current = current;
      this.settings = settings;
    }
  }

  public CircuitBreakerRegistryHolder(LongSupplier nanoTime, Supplier<MeterRegistry> meters) {
    this.nanoTime = nanoTime;
    this.clock = new EngineClock(nanoTime);
    this.meters = meters;
  }

  /** Every breaker of this engine, by name. */
  public CircuitBreakerRegistry registry() {
    CircuitBreakerRegistry r = registry;
    if (r == null) {
      synchronized (this) {
        r = registry;
        if (r == null) {
          r = CircuitBreakerRegistry.ofDefaults();
          registry = r;
        }
      }
    }
    return r;
  }

  /** The breaker named {@code name}, if a chain has made it. */
  public Optional<CircuitBreaker> find(String name) {
    return registry == null ? Optional.empty() : registry.find(name);
  }

  /**
   * The breaker named {@code name} for {@code key}'s chain, made from {@code spec} on first use.
   * A chain of another method with the same name shares it if it has the same settings; the same
   * method rebuilt with other settings (a test's second chain) replaces it.
   *
   * @throws IllegalArgumentException {@code [decor/CircuitBreakerName]} when another method has
   *     made it with other settings
   */
  synchronized Live breaker(String name, MethodKey key, CircuitBreakerSpec spec) {
    CircuitBreakerSpec settings = unnamed(spec);
    CircuitBreakerRegistry r = registry();
    Owner owner = owners.get(name);
    if (owner == null) {
      registerMeters(name); // they read the breaker by name, so they outlive a replacement
    } else if (!owner.spec().equals(settings)) {
      if (!owner.key().equals(key)) {
        throw new IllegalArgumentException(
            Messages.circuitBreakerNameClash(name, owner.key().toString(), key.toString()));
      }
      r.remove(name);
      owner = null;
    }
    if (owner == null) {
      owners.put(name, new Owner(key, settings));
      lives.remove(name);
    }
    Live live = lives.get(name);
    if (live == null) {
      CircuitBreaker breaker = r.circuitBreaker(name, () -> config(settings));
      live = new Live(current(breaker, settings), settings);
      lives.put(name, live);
    }
    return live;
  }

  /** The settings breaker {@code name} runs with now, or null if no chain has made it. */
  public synchronized CircuitBreakerSpec settings(String name) {
    Live live = lives.get(name);
    return live == null ? null : live.settings;
  }

  /**
   * Gives breaker {@code name} the thresholds of {@code spec} from the next call on
   * ({@code Decor.tune}): resilience4j's settings are fixed per breaker, so a new breaker
   * replaces it under the same name (its meters follow), starting with an empty window in the
   * state the old one was in (closed, or open from now for {@code openFor}). Methods that join the
   * name later still declare the annotation's settings.
   *
   * @return false if no chain has made breaker {@code name}
   */
  public synchronized boolean tune(String name, CircuitBreakerSpec spec) {
    Live live = lives.get(name);
    if (live == null) {
      return false;
    }
    CircuitBreakerSpec settings = unnamed(spec);
    CircuitBreaker old = live.current.breaker();
    CircuitBreakerRegistry r = registry();
    r.remove(name);
    CircuitBreaker fresh = r.circuitBreaker(name, () -> config(settings));
    switch (old.getState()) {
      case OPEN, HALF_OPEN -> fresh.transitionToOpenState();
      case FORCED_OPEN -> fresh.transitionToForcedOpenState();
      case DISABLED -> fresh.transitionToDisabledState();
      case METRICS_ONLY -> fresh.transitionToMetricsOnlyState();
      default -> { }
    }
    live.settings = settings;
    live.current = current(fresh, settings);
    return true;
  }

  private Current current(CircuitBreaker breaker, CircuitBreakerSpec settings) {
    return new Current(breaker, settings.slowCallDuration() != null ? nanoTime : null);
  }

  /** {@code spec} without its name: what must agree between the methods sharing a breaker. */
  private static CircuitBreakerSpec unnamed(CircuitBreakerSpec spec) {
    return new CircuitBreakerSpec(spec.failureRate(), spec.window(), spec.openFor(),
        spec.halfOpenCalls(), spec.slowCall(), spec.slowCallRate(), spec.recordOn(),
        spec.ignore(), "");
  }

  /**
   * resilience4j's settings for {@code spec}: a count-based window of {@code window} calls whose
   * rates are judged once it is full, on the engine's clock, opening to half-open lazily (on the
   * next call after {@code openFor}: no scheduler thread).
   */
  CircuitBreakerConfig config(CircuitBreakerSpec spec) {
    Duration slowCall = spec.slowCallDuration();
    return CircuitBreakerConfig.custom()
        .failureRateThreshold(spec.failureRate())
        .slowCallRateThreshold(spec.slowCallRate())
        // Untracked slow calls: no call is slow (decor then records every call as taking 0 ns).
        .slowCallDurationThreshold(slowCall != null ? slowCall : Duration.ofNanos(Long.MAX_VALUE))
        .slidingWindow(spec.window(), spec.window(), SlidingWindowType.COUNT_BASED)
        .waitDurationInOpenState(spec.openForDuration())
        .permittedNumberOfCallsInHalfOpenState(spec.halfOpenCalls())
        .recordException(recorded(spec))
        .ignoreException(ignored(spec))
        .clock(clock)
        .currentTimestampFunction(c -> nanoTime.getAsLong(), TimeUnit.NANOSECONDS)
        .build();
  }

  /** Failures: a class listed in {@code recordOn} (resilience4j asks {@link #ignored} first). */
  static Predicate<Throwable> recorded(CircuitBreakerSpec spec) {
    Class<?>[] on = Failures.array(spec.recordOn());
    return t -> Failures.isAny(on, t);
  }

  /**
   * Not counted at all: a class listed in {@code ignore}; an interrupt or a cancellation; an
   * {@link Error} that {@code recordOn} does not list.
   */
  static Predicate<Throwable> ignored(CircuitBreakerSpec spec) {
    Class<?>[] on = Failures.array(spec.recordOn());
    Class<?>[] ignore = Failures.array(spec.ignore());
    return t -> Failures.isAny(ignore, t) || Failures.callerStopped(t)
        || (t instanceof Error && !Failures.isAny(on, t));
  }

  private void registerMeters(String name) {
    MeterRegistry registry = meters.get();
    gauge(registry, "decor.breaker.state", name, "0 closed, 1 open, 2 half-open",
        b -> b.getState().getOrder());
    gauge(registry, "decor.breaker.failure.rate", name,
        "percent of the window's calls that failed; -1 until the window is full",
        b -> b.getMetrics().getFailureRate());
    gauge(registry, "decor.breaker.slow.call.rate", name,
        "percent of the window's calls that were slow; -1 until the window is full",
        b -> b.getMetrics().getSlowCallRate());
    gauge(registry, "decor.breaker.not.permitted.calls", name,
        "calls refused since the breaker last changed state",
        b -> b.getMetrics().getNumberOfNotPermittedCalls());
  }

  /**
   * A gauge reading the breaker this engine keeps under {@code name} (NaN if none): the engine
   * that registered it last in {@code registry}, when several share one ({@link LatestGauge}).
   */
  private void gauge(MeterRegistry registry, String meter, String name, String description,
      ToDoubleFunction<CircuitBreaker> value) {
    LatestGauge.register(registry, meter, name, description, this,
        h -> h.find(name).map(value::applyAsDouble).orElse(Double.NaN));
  }
}
