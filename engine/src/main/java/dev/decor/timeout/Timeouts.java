package dev.decor.timeout;

import dev.decor.kernel.Deadline;
import dev.decor.kernel.GlobalEngine;
import java.time.Duration;
import java.util.Optional;

/**
 * The deadline of the {@link dev.decor.Timeout @Timeout} call the calling thread is in — Go's
 * {@code ctx.Deadline()}, gRPC's deadline propagation: pass what is left on to a client that takes
 * its own timeout, so the work below gives up when the caller does.
 *
 * <pre>{@code
 * @Timeout("250ms")
 * public Prediction predict(byte[] image) {
 *   Duration left = Timeouts.remaining().orElse(Duration.ofSeconds(1));
 *   return client.infer(image, left);   // the model server stops when the caller stops waiting
 * }
 * }</pre>
 *
 * <p>The innermost call counts, and a nested call's deadline is never later than its caller's. It
 * is the calling thread's: a grad region run on a decor model thread for a virtual thread does not
 * see it. Thread-safe.
 */
public final class Timeouts {
  private Timeouts() {}

  /**
   * How long the calling thread's innermost synchronous {@code @Timeout} call has left (zero once
   * the deadline has passed), measured on the global engine's clock; empty outside such a call.
   */
  public static Optional<Duration> remaining() {
    long deadline = Deadline.ofCurrentThread();
    if (deadline == Deadline.NONE) {
      return Optional.empty();
    }
    long left = deadline - GlobalEngine.part(TimeoutRegistry.class).nanoTime();
    return Optional.of(Duration.ofNanos(Math.max(0, left)));
  }
}
