package dev.decor.benchmarks.woven;

import dev.decor.ConcurrencyLimit;
import dev.decor.Retry;
import dev.decor.Timeout;
import dev.decor.benchmarks.Kernel;
import dev.decor.benchmarks.TimeoutLimitService;
import dev.decor.timeout.Timeouts;

/**
 * {@code TimeoutLimitService} again, in the package ajc weaves: the compile-time woven mode.
 */
public class WovenTimeoutLimitService {
  @Timeout("5s")
  public float timeout(float[] x) {
    return Kernel.infer(x);
  }

  @ConcurrencyLimit(value = 2, maxWait = "20ms")
  public float limit(float[] x) {
    return Kernel.infer(x);
  }

  @Retry(retryIf = TimeoutLimitService.NotANumber.class)
  public float retryIf(float[] x) {
    return Kernel.infer(x);
  }

  @Retry(retryIf = TimeoutLimitService.Negative.class)
  public float retryIfNegative(float[] x) {
    return Kernel.infer(x);
  }

  @Retry(retryIf = TimeoutLimitService.Infinite.class)
  public float retryIfInfinite(float[] x) {
    return Kernel.infer(x);
  }

  /** 1 when a {@code @Timeout} is running around it: the set-up's check that it is woven. */
  @Timeout("10s")
  public int probe() {
    return Timeouts.remaining().isPresent() ? 1 : 0;
  }
}
