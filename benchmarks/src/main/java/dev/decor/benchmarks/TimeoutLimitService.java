package dev.decor.benchmarks;

import dev.decor.ConcurrencyLimit;
import dev.decor.Retry;
import dev.decor.Timeout;
import dev.decor.timeout.Timeouts;
import java.util.function.Predicate;

/**
 * The resilience decorators, each alone on the same non-inlined body ({@link Kernel}) as
 * {@link Service}: the processor generates {@code DecoratedTimeoutLimitService} from it. Only the
 * success path is measured (nothing times out, nothing waits, every result is accepted).
 */
public class TimeoutLimitService {
  /** Retries a result that is not a number. */
  public static final class NotANumber implements Predicate<Float> {
    @Override
    public boolean test(Float score) {
      return score.isNaN();
    }
  }

  /** Retries a negative score; with {@link Infinite}, a third class at the predicate call. */
  public static final class Negative implements Predicate<Float> {
    @Override
    public boolean test(Float score) {
      return score < 0;
    }
  }

  /** Retries an infinite score. */
  public static final class Infinite implements Predicate<Float> {
    @Override
    public boolean test(Float score) {
      return score.isInfinite();
    }
  }

  @Timeout("5s")
  public float timeout(float[] x) {
    return Kernel.infer(x);
  }

  @ConcurrencyLimit(value = 2, maxWait = "20ms")
  public float limit(float[] x) {
    return Kernel.infer(x);
  }

  @Retry(retryIf = NotANumber.class)
  public float retryIf(float[] x) {
    return Kernel.infer(x);
  }

  /** {@link #retryIf} with another predicate class: pollutes the engine's predicate call. */
  @Retry(retryIf = Negative.class)
  public float retryIfNegative(float[] x) {
    return Kernel.infer(x);
  }

  /** And a third. */
  @Retry(retryIf = Infinite.class)
  public float retryIfInfinite(float[] x) {
    return Kernel.infer(x);
  }

  /** 1 when a {@code @Timeout} is running around it: the set-up's check that it is decorated. */
  @Timeout("10s")
  public int probe() {
    return Timeouts.remaining().isPresent() ? 1 : 0;
  }
}
