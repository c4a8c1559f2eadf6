package dev.decor.retry;

import io.micrometer.observation.Observation;

/**
 * One retry of a {@code @Retry} method, as an event of its {@code @Timed} call's Micrometer
 * Observation ({@code decor.timed}): which attempt ended and what went wrong (the exception's
 * class, or a result {@code retryIf} rejected). Made only when the engine has an
 * {@code ObservationRegistry}, once per retry, never on a successful attempt.
 *
 * <p>Its name is {@value RetryDecorator#RETRY_EVENT}; its contextual name spells both out
 * ({@code retry after attempt 1: java.io.IOException}), because that is what micrometer-tracing
 * puts on the span as the span event's name (its events carry no attributes). A handler that
 * wants the values reads them from {@link #attempt()} and {@link #exception()}: the Python
 * counterpart is tenacity's {@code RetryCallState} handed to a {@code before_sleep} hook.
 *
 * <p>Immutable; thread-safe.
 */
public final class RetryEvent implements Observation.Event {
  private final int attempt;
  private final Class<? extends Throwable> exception;

  RetryEvent(int attempt, Throwable failure) {
    this.attempt = attempt;
    this.exception = failure == null ? null : failure.getClass();
  }

  /** The attempt that just ended and will be retried: 1 for the first. */
  public int attempt() {
    return attempt;
  }

  /** The class of what the attempt threw; null when {@code retryIf} rejected its result. */
  public Class<? extends Throwable> exception() {
    return exception;
  }

  @Override
  public String getName() {
    return RetryDecorator.RETRY_EVENT;
  }

  /** {@code retry after attempt N: exception.Class}, or {@code …: result rejected}. */
  @Override
  public String getContextualName() {
    return "retry after attempt " + attempt + ": "
        + (exception == null ? "result rejected" : exception.getName());
  }

  @Override
  public String toString() {
    return getContextualName();
  }
}
