package dev.decor;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown to the caller of a {@link Timeout @Timeout} method that did not finish in time (or set
 * as the failure of its stage): the body was interrupted (its stage cancelled) and whatever it
 * returned after the deadline is discarded. Unchecked; a method that declares
 * {@link java.util.concurrent.TimeoutException} gets that one instead, with the same message.
 * The name keeps it apart from {@code java.util.concurrent.TimeoutException}, so a {@code catch}
 * never means the other one by a wrong import.
 *
 * <p>Its message starts with {@code [decor/Timeout]} and names the method and the limit; its stack
 * trace is the caller's, where the timeout surfaced. Immutable.
 */
public final class DeadlineExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final transient Duration timeout;

  /**
   * @param message the {@code [decor/Timeout]} text
   * @param name the method's decor name
   * @param timeout the limit it exceeded
   */
  public DeadlineExceededException(String message, String name, Duration timeout) {
    super(message);
    this.name = Objects.requireNonNull(name, "name");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The decor name of the method that timed out ({@code Service.predict}). */
  public String name() {
    return name;
  }

  /** The {@code @Timeout} it exceeded. */
  public Duration timeout() {
    return timeout;
  }
}
