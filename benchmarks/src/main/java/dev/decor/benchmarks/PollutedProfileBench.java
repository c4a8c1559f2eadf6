package dev.decor.benchmarks;

import dev.decor.benchmarks.woven.WovenService;
import dev.decor.benchmarks.woven.WovenTimeoutLimitService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The success paths of {@code @Retry} and {@code @NoGrad} after every other decorated method has
 * run through the engine too. {@link DecoratorBench} runs each benchmark in its own JVM, where the
 * engine's shared code ({@code Chain}, the decorators) has seen one method only, so the JIT can
 * inline the one lambda it calls. In an application with many decorated methods that call site
 * sees many lambdas; this benchmark first runs all six methods in every mode (engine, generated,
 * woven), then measures one. {@code @Retry(retryIf)} likewise: the engine calls each method's
 * predicate from one place, which sees three predicate classes here ({@code NaN}, negative,
 * infinite) in both modes before {@code retryIf} is measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PollutedProfileBench {
  private static final int CALLS_PER_METHOD = 50_000;

  private float[] x;
  private EngineService engine;
  private DecoratedService generated;
  private WovenService woven;
  private DecoratedTimeoutLimitService generatedJudged;
  private WovenTimeoutLimitService wovenJudged;

  @Setup(Level.Trial)
  public void pollute() {
    x = Kernel.input();
    engine = new EngineService();
    generated = new DecoratedService();
    woven = new WovenService();
    generatedJudged = new DecoratedTimeoutLimitService();
    wovenJudged = new WovenTimeoutLimitService();
    byte[] small = new byte[64];
    float sink = 0;
    for (int i = 0; i < CALLS_PER_METHOD; i++) {
      sink += engine.timed(x) + engine.retried(x) + engine.cachedInt(i & 63)
          + engine.cachedImage(small) + engine.noGrad(x) + engine.inference(x);
      sink += generated.timed(x) + generated.retried(x) + generated.cachedInt(i & 63)
          + generated.cachedImage(small) + generated.noGrad(x) + generated.inference(x);
      sink += woven.timed(x) + woven.retried(x) + woven.cachedInt(i & 63)
          + woven.cachedImage(small) + woven.noGrad(x) + woven.inference(x);
      sink += generatedJudged.retryIf(x) + generatedJudged.retryIfNegative(x)
          + generatedJudged.retryIfInfinite(x) + wovenJudged.retryIf(x)
          + wovenJudged.retryIfNegative(x) + wovenJudged.retryIfInfinite(x);
    }
    if (Float.isNaN(sink)) {
      throw new AssertionError();
    }
  }

  @Benchmark
  public float retry_generatedManyMethods() {
    return generated.retried(x);
  }

  @Benchmark
  public float retry_wovenManyMethods() {
    return woven.retried(x);
  }

  @Benchmark
  public float noGrad_generatedManyMethods() {
    return generated.noGrad(x);
  }

  @Benchmark
  public float noGrad_wovenManyMethods() {
    return woven.noGrad(x);
  }

  @Benchmark
  public float retryIf_generatedManyMethods() {
    return generatedJudged.retryIf(x);
  }

  @Benchmark
  public float retryIf_wovenManyMethods() {
    return wovenJudged.retryIf(x);
  }
}
