package dev.decor.batch;

import io.micrometer.observation.Observation;
import java.util.List;

/**
 * The context of one batch's Micrometer Observation ({@code decor.batch}, contextual name the
 * batcher's name), made when the engine has an {@code ObservationRegistry}: the batch method runs
 * in its scope on the worker thread, so what it observes (a {@code @Timed} model call, a
 * client's span) is its child.
 *
 * <p>A batch answers many callers, so it has no parent: {@link #callers()} lists the Observation
 * each item's caller had in scope when it queued the item (its {@code @Timed} call, its request),
 * the links of a fan-in: with micrometer-tracing, {@link BatchTracingObservationHandler} turns
 * them into span links (the Observation API has none); a filter may count them.
 * Key values: low-cardinality {@code name} (the batcher), high-cardinality {@code size}.
 *
 * <p>One per batch; not thread-safe, as every Observation context.
 */
public final class BatchObservationContext extends Observation.Context {
  private final String batcher;
  private final List<Observation> callers;

  BatchObservationContext(String batcher, List<Observation> callers) {
    this.batcher = batcher;
    this.callers = List.copyOf(callers);
  }

  /** The batcher's name ({@code @Batched}: the method's decor name). */
  public String batcher() {
    return batcher;
  }

  /** The items' callers' Observations, in batch order; an item queued outside any is left out. */
  public List<Observation> callers() {
    return callers;
  }
}
