package dev.decor.kernel;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The context of the Observation a decorated call makes ({@code @Timed} with an
 * {@code ObservationRegistry}): which method it belongs to, so the stages inside the call (a cache
 * marking a hit or a miss) find their own call's Observation, not a caller's.
 *
 * <p>Not API: users see {@code dev.decor.timing.TimedObservationContext}, which extends it.
 * Mutable as every {@link Observation.Context} is; one per call.
 */
public class CallContext extends Observation.Context {
  private final MethodKey key;

  protected CallContext(MethodKey key) {
    this.key = key;
  }

  /** The decorated method. */
  public MethodKey key() {
    return key;
  }

  /**
   * The Observation of the call of {@code key}'s method in scope on this thread, or null: none in
   * scope, or the one in scope belongs to another method (an outer call).
   */
  public static Observation current(ObservationRegistry registry, MethodKey key) {
    Observation current = registry.getCurrentObservation();
    return current != null && current.getContext() instanceof CallContext c && c.key == key
        ? current : null;
  }
}
