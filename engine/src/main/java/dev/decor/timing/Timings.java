package dev.decor.timing;

import dev.decor.kernel.GlobalEngine;
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
 * <p>These read the global engine ({@code Decor.global()}); an engine of your
 * own answers the same questions ({@code engine.timingStats(name)}).
 *
 * <p>The numbers are decor's own, kept beside the Micrometer timer rather than read from it: a
 * timer's max is time-windowed, a step registry counts per interval, and the default global
 * registry (an empty composite) records nothing, so the timer could not answer exactly. Each call
 * adds to its name's count, total and max in a stripe of its own thread, taken with one
 * compare-and-set and left with a plain release store: one atomic instruction a call beside the
 * timer's, where {@code LongAdder}s for the count and the total cost two. (Per-thread counters
 * found through a {@code ThreadLocal} measured slower than either.)
 *
 * <p>Thread-safe. Counts are exact once calls have returned; a snapshot taken while calls
 * complete may mix values from just before and just after one of them.
 */
public final class Timings {
  private Timings() {}

  /** The stats recorded under {@code name}; {@link TimingStats#EMPTY} if none. */
  public static TimingStats stats(String name) {
    return registry().stats(Objects.requireNonNull(name, "name"));
  }

  /** Every name that has recorded at least one call. */
  public static Set<String> names() {
    return registry().names();
  }

  /** Resets the stats of {@code name} to zero (Micrometer timers are not affected). */
  public static void reset(String name) {
    registry().reset(Objects.requireNonNull(name, "name"));
  }

  /**
   * Sends Micrometer timers to {@code registry} instead of {@code Metrics.globalRegistry}, for
   * calls made from now on.
   */
  public static void bindTo(MeterRegistry registry) {
    registry().bindTo(Objects.requireNonNull(registry, "registry"));
  }

  private static TimingRegistry registry() {
    return GlobalEngine.part(TimingRegistry.class);
  }
}
