package dev.decor.batch;

import java.util.List;

/**
 * A batch method: one call answers a list of items, result {@code i} for item {@code i} — what
 * {@code @Batched} names and {@link Decor#batch} is handed. It may throw
 * {@link dev.decor.PartialBatchFailure} to fail only some items.
 *
 * @param <In> the item type
 * @param <Out> the result type
 */
@FunctionalInterface
public interface BatchMethod<In, Out> {
  /** Answers {@code items} (unmodifiable, never empty) with a list of the same size and order. */
  List<Out> call(List<In> items) throws Throwable;
}
