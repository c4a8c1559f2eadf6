package dev.decor.kernel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Micrometer counter of an event that does not happen on the success path (a rejected caller,
 * a timeout, an overrun), registered on its first count in the engine's bound registry and again
 * in a newly bound one ({@code Decor.bindTo}): each later count is one increment instead of a
 * registry lookup, which also keeps a flood of rejections cheap. Not API. Thread-safe.
 */
public final class RareCounter {
  private final Supplier<MeterRegistry> registry;
  private final Function<MeterRegistry, Counter> register;
  private volatile Bound bound;

  private record Bound(MeterRegistry registry, Counter counter) {}

  /**
   * @param registry the engine's bound registry, read at each count
   * @param register registers the counter in a registry (Micrometer returns the existing one
   *     when it is registered already)
   */
  public RareCounter(Supplier<MeterRegistry> registry, Function<MeterRegistry, Counter> register) {
    this.registry = registry;
    this.register = register;
  }

  /** Counts one event. */
  public void increment() {
    MeterRegistry r = registry.get();
    Bound b = bound;
    if (b == null || b.registry != r) {
      b = new Bound(r, register.apply(r));
      bound = b;
    }
    b.counter.increment();
  }
}
