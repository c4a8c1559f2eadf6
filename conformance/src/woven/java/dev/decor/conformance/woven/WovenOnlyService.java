package dev.decor.conformance.woven;

import dev.decor.Cached;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.grad.GradMode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Methods only weaving can decorate: the processor rejects private, static and final methods and
 * final classes, because a generated subclass cannot override them.
 */
public final class WovenOnlyService {
  public static final AtomicInteger STATIC_CALLS = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();

  public int attempts() {
    return attempts.get();
  }

  @Timed
  private int secret() {
    return 42;
  }

  /** Self-invocation of a decorated private method from a decorated public one. */
  @Timed
  public int reveal() {
    return secret() + secret();
  }

  @NoGrad
  private boolean gradInside() {
    return GradMode.isEnabled();
  }

  public boolean gradInsidePrivate() {
    return gradInside();
  }

  @NoGrad
  public static boolean gradInsideStatic() {
    return GradMode.isEnabled();
  }

  /** Fails every attempt with a checked exception; counts attempts in {@link #STATIC_CALLS}. */
  @Retry(maxAttempts = 2)
  public static void staticAlwaysFails() throws IOException {
    throw new IOException("static attempt " + STATIC_CALLS.incrementAndGet());
  }

  @Cached
  public static long square(long x) {
    STATIC_CALLS.incrementAndGet();
    return x * x;
  }

  /**
   * The frames a body runs under ({@code Class.method}, innermost first): whether the advice ran
   * it directly or through a closure and the engine's {@code Chain.invoke}.
   */
  private static List<String> frames() {
    return StackWalker.getInstance().walk(frames -> frames
        .map(f -> f.getClassName() + "." + f.getMethodName()).collect(Collectors.toList()));
  }

  @Timed
  public List<String> timedFrames() {
    return frames();
  }

  @Timed
  public static List<String> staticTimedFrames() {
    return frames();
  }

  @Retry
  public List<String> retriedFrames() {
    return frames();
  }

  @Retry
  public static List<String> staticRetriedFrames() {
    return frames();
  }

  @NoGrad
  public List<String> noGradFrames() {
    return frames();
  }

  @NoGrad
  public static List<String> staticNoGradFrames() {
    return frames();
  }

  /** Two decorators: the body runs through the chain and a closure. */
  @Timed
  @Retry
  public List<String> stackedFrames() {
    return frames();
  }

  @Retry(maxAttempts = 3)
  public final String finalFetch() throws IOException {
    int n = attempts.incrementAndGet();
    if (n < 3) {
      throw new IOException("attempt " + n);
    }
    return "fetched@" + n;
  }
}
