package dev.decor.batch;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of one {@link Batcher}: its settings (live changes included) and how full it is — what Spring's
 * {@code /actuator/decor} and the starter's health contribution read.
 *
 * @param maxSize the most items in one batch
 * @param maxWait how long a batch waits for company after its first item
 * @param maxConcurrency the most batches running at once
 * @param queueCapacity the most items waiting; one more is rejected
 * @param eager whether a batch goes at once when its first item finds the batcher idle
 * @param queueTimeout how long an item may wait for its batch; {@link Duration#ZERO} for no limit
 *     of the batcher's own (a caller's {@code @Timeout} still applies)
 * @param preferredSizes the sizes a batch goes at without waiting for more; empty for none
 * @param maxCost the most total cost in one batch; 0 for no cost limit
 * @param adaptive whether the wait follows the observed arrivals rather than {@code maxWait} alone
 * @param queued items waiting for a batch now
 * @param running batches running now
 * @param workers worker threads alive now
 * @param closed whether the batcher was shut down (its engine closed)
 */
public record BatchStats(int maxSize, Duration maxWait, int maxConcurrency, int queueCapacity,
    boolean eager, Duration queueTimeout, List<Integer> preferredSizes, long maxCost,
    boolean adaptive, int queued, int running, int workers, boolean closed) {

  public BatchStats {
    preferredSizes = List.copyOf(preferredSizes);
  }

  /** Whether the next item would be rejected with {@code [decor/BatchQueueFull]}. */
  public boolean queueFull() {
    return queued >= queueCapacity;
  }
}
