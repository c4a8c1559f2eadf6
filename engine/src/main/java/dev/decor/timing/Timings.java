package dev.decor.timing;

import dev.decor.engine.Decor;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Set;

/**
 * Where {@link dev.decor.Timed @Timed} methods report — the numbers Python's {@code @timer}
 * prints, kept per decor name ({@code SimpleClassName.method}).
 *
 * <pre>{@code
 * TimingStats s = Timings.stats("ClassifierService.predict");
 * System.out.printf("%d calls, mean %.1f us%n", s.count(), s.meanNanos() / 1e3);
 * Timings.bindTo(prometheusRegistry);   // Micrometer timers go there instead of the global registry
 * }</pre>
 *
 * <p>These read the {@linkplain dev.decor.engine.Decor#global() global engine}; an engine of your
 * own answers the same questions ({@code engine.timingStats(name)}).
 *
 * <p>Thread-safe. Counts are exact once calls have returned; a snapshot taken while calls
 * complete may mix values from just before and just after one of them.
 */
public final class Timings {
  private Timings() {}

  /** The stats recorded under {@code name}; {@link TimingStats#EMPTY} if none. */
  public static TimingStats stats(String name) {
    return Decor.global().timingStats(Objects.requireNonNull(name, "name"));
  }

  /** Every name that has recorded at least one call. */
  public static Set<String> names() {
    return Decor.global().timingNames();
  }

  /** Resets the stats of {@code name} to zero (Micrometer timers are not affected). */
  public static void reset(String name) {
    Decor.global().resetTimings(Objects.requireNonNull(name, "name"));
  }

  /**
   * Sends Micrometer timers to {@code registry} instead of {@code Metrics.globalRegistry}, for
   * calls made from now on.
   */
  public static void bindTo(MeterRegistry registry) {
    Decor.global().bindTo(Objects.requireNonNull(registry, "registry"));
  }
}
