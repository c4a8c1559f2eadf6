package dev.decor.benchmarks.woven;

import dev.decor.CircuitBreaker;
import dev.decor.Fallback;
import dev.decor.benchmarks.Kernel;
import dev.decor.benchmarks.ResilientService;

/**
 * {@code ResilientService} again, in the only package ajc weaves (see {@code aspectj-ctw.xml}): the
 * compile-time woven mode. Used as it is, {@code new WovenResilientService()}.
 */
public class WovenResilientService {
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
    throw ResilientService.FAILURE;
  }

  float cpu(float[] x, Throwable failure) {
    return -1f;
  }
}
