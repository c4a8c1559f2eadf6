package dev.decor.examples.serve;

import dev.decor.timing.Timings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The app's Micrometer registry: Prometheus, with decor's {@code @Timed} bound to it. The timers'
 * p50/p95/p99 come from their annotations ({@code @Timed(percentiles = {0.5, 0.95, 0.99})}). {@link #scrape()} is the {@code /metrics} body.
 * Thread-safe.
 */
public final class Telemetry {
  private final PrometheusMeterRegistry registry;

  private Telemetry(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** A new registry, bound with {@link Timings#bindTo} so {@code @Timed} calls from now on land there. */
  public static Telemetry bindNew() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Timings.bindTo(registry);
    return new Telemetry(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * The 99th percentile, in milliseconds, of {@code @Timed} method {@code method} of
   * {@code declaringClass} over successful calls, if it has been called.
   */
  public OptionalDouble p99Millis(Class<?> declaringClass, String method) {
    Timer timer = registry.find("method.timed")
        .tags("class", declaringClass.getName(), "method", method, "exception", "none")
        .timer();
    if (timer == null) {
      return OptionalDouble.empty();
    }
    for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
      if (p.percentile() == 0.99) {
        return OptionalDouble.of(p.value(TimeUnit.MILLISECONDS));
      }
    }
    return OptionalDouble.empty();
  }
}
