package dev.decor.fallback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * An engine's {@code @Fallback} state: where it counts the calls answered by a fallback —
 * Micrometer counter {@code decor.fallback.calls}, tagged {@code name} (the method's decor name)
 * and {@code exception} (the failure's simple class name), in the engine's MeterRegistry. The
 * success path never touches it. Engine-facing; not for application code. Thread-safe.
 */
public final class FallbackRegistry {
  private final Supplier<MeterRegistry> meters;

  public FallbackRegistry(Supplier<MeterRegistry> meters) {
    this.meters = meters;
  }

  /** Counts one call of {@code name} answered by its fallback after {@code failure}. */
  void count(String name, Throwable failure) {
    Counter.builder("decor.fallback.calls")
        .description("calls answered by their @Fallback method")
        .tag("name", name)
        .tag("exception", failure.getClass().getSimpleName())
        .register(meters.get())
        .increment();
  }
}
