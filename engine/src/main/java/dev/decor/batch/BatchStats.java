package dev.decor.batch;

import java.time.Duration;

/**
 * A snapshot of one {@link Batcher}: its settings and how full it is — what Spring's
 * {@code /actuator/decor} and the starter's health contribution read.
 *
 * @param maxSize the most items in one batch
 * @param maxWait how long a batch waits for company after its first item
 * @param maxConcurrency the most batches running at once
 * @param queueCapacity the most items waiting; one more is rejected
 * @param queued items waiting for a batch now
 * @param running batches running now
 * @param workers worker threads alive now
 * @param closed whether the batcher was shut down (its engine closed)
 */
public record BatchStats(int maxSize, Duration maxWait, int maxConcurrency, int queueCapacity,
    int queued, int running, int workers, boolean closed) {

  /** Whether the next item would be rejected with {@code [decor/BatchQueueFull]}. */
  public boolean queueFull() {
    return queued >= queueCapacity;
  }
}
