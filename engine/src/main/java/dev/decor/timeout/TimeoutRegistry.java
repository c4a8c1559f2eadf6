package dev.decor.timeout;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * An engine's {@code @Timeout} state: its one timer ({@code Watchdog}, whose thread starts with
 * the first timed call), its clock, the executor that completes timed-out stages, and the meter
 * registry timeouts and overruns are counted in. Building one starts nothing. Engine-facing; not
 * for application code. Thread-safe.
 */
public final class TimeoutRegistry {
  private final LongSupplier clock;
  private final Executor executor;
  private final Supplier<MeterRegistry> meterRegistry;
  private final Watchdog watchdog;

  public TimeoutRegistry(LongSupplier clock, Executor executor,
      Supplier<MeterRegistry> meterRegistry) {
    this.clock = clock;
    this.executor = executor;
    this.meterRegistry = meterRegistry;
    this.watchdog = new Watchdog(clock);
  }

  long nanoTime() {
    return clock.getAsLong();
  }

  Executor executor() {
    return executor;
  }

  MeterRegistry meterRegistry() {
    return meterRegistry.get();
  }

  Watchdog watchdog() {
    return watchdog;
  }

  /** Lets the timer thread end once nothing is watched; see {@code Decor.close}. */
  public void close() {
    watchdog.close();
  }
}
