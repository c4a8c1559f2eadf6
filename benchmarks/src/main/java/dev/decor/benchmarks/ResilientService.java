package dev.decor.benchmarks;

import dev.decor.CircuitBreaker;
import dev.decor.Fallback;

/**
 * The benchmarked {@code @CircuitBreaker} and {@code @Fallback} methods, on {@link Kernel}'s
 * body: each alone, both stacked, and a fallback whose method always fails (with a preallocated
 * exception, so the row measures decor, not {@code fillInStackTrace}). Subclassed by the
 * processor's {@code DecoratedResilientService}; {@code WovenResilientService} is its woven twin.
 */
public class ResilientService {
  /** What {@link #failing} throws: no stack trace, allocated once. */
  public static final RuntimeException FAILURE = new Down();

  /** The model is down. */
  static final class Down extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Down() {
      super("down", null, false, false);
    }
  }

  @CircuitBreaker
  public float breaker(float[] x) {
    return Kernel.infer(x);
  }

  @Fallback(method = "cpu")
  public float fallback(float[] x) {
    return Kernel.infer(x);
  }

  @Fallback(method = "cpu")
  @CircuitBreaker
  public float breakerFallback(float[] x) {
    return Kernel.infer(x);
  }

  @Fallback(method = "cpu")
  public float failing(float[] x) {
    Kernel.infer(x);
    throw FAILURE;
  }

  /** The fallback: what a smaller model on the CPU would answer. */
  public float cpu(float[] x, Throwable failure) {
    return -1f;
  }
}
