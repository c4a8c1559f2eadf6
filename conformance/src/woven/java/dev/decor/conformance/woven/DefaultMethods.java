package dev.decor.conformance.woven;

import dev.decor.Cached;
import dev.decor.Retry;
import dev.decor.Timed;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decorated default and static methods of an interface, which an application may write as
 * readily as a class's: the weaver reaches them (through {@code DecorInterfaceAspect}).
 */
public interface DefaultMethods {
  /** How many times {@link #square} ran its body. */
  AtomicInteger SQUARES = new AtomicInteger();

  @Timed
  default int twice(int x) {
    return 2 * x;
  }

  /** Fails {@code failuresLeft} times, then answers. */
  @Retry(maxAttempts = 3)
  default String flaky(AtomicInteger failuresLeft) throws IOException {
    if (failuresLeft.getAndDecrement() > 0) {
      throw new IOException("not yet");
    }
    return "ok";
  }

  @Cached(maxSize = 8)
  static int square(int x) {
    SQUARES.incrementAndGet();
    return x * x;
  }

  /** An implementation that adds nothing: the default methods run as they are. */
  final class Plain implements DefaultMethods {}
}
