package dev.decor.benchmarks;

import dev.decor.benchmarks.woven.WovenTimeoutLimitService;
import dev.decor.limit.Limits;
import dev.decor.timing.Timings;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-call cost of {@code @Timeout}, {@code @ConcurrencyLimit} and {@code @Retry(retryIf)} on
 * their success path (in time, a permit free, the result accepted), beside the direct call, the
 * hand-written JDK equivalent ({@link TimeoutLimitHandWritten}), resilience4j's own decorators and
 * Spring 7's {@code @ConcurrencyLimit} proxy, on the same non-inlined body as
 * {@link DecoratorBench}. Names are {@code <decorator>_<variant>}, as there.
 *
 * <p>resilience4j's {@code TimeLimiter} bounds a {@code Future}: a synchronous call has to be
 * handed to another thread and waited for, which is what {@code timeout_r4jTimeLimiter} measures
 * (a one-thread executor). decor's {@code @Timeout} runs the body on the caller's thread.
 *
 * <p>Run: {@code benchmarks/run.sh --only='TimeoutLimitBench' -f 2}, or
 * {@code java -jar benchmarks/target/benchmarks.jar TimeoutLimitBench -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class TimeoutLimitBench {
  private float[] x;
  private Service service;
  private DecoratedTimeoutLimitService generated;
  private WovenTimeoutLimitService woven;
  private TimeoutLimitHandWritten hand;
  private SpringPeers spring;
  private ExecutorService timeLimiterThread;
  private TimeLimiter timeLimiter;
  private Supplier<Float> r4jBulkhead;
  private Supplier<Float> r4jRetryIf;

  @Setup(Level.Trial)
  public void setUp() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Timings.bindTo(registry);
    x = Kernel.input();
    service = new Service();
    generated = new DecoratedTimeoutLimitService();
    woven = new WovenTimeoutLimitService();
    hand = new TimeoutLimitHandWritten();
    spring = new SpringPeers(registry, ObservationRegistry.NOOP);
    timeLimiterThread = Executors.newSingleThreadExecutor();
    timeLimiter = TimeLimiter.of("peer", TimeLimiterConfig.custom()
        .timeoutDuration(Duration.ofSeconds(5)).cancelRunningFuture(true).build());
    float[] input = x;
    r4jBulkhead = Bulkhead.decorateSupplier(Bulkhead.of("peer", BulkheadConfig.custom()
        .maxConcurrentCalls(2).maxWaitDuration(Duration.ofMillis(20))
        .fairCallHandlingStrategyEnabled(true).build()), () -> Kernel.infer(input));
    r4jRetryIf = Retry.decorateSupplier(Retry.of("peerIf", RetryConfig.<Float>custom()
        .maxAttempts(3).retryOnResult(f -> f.isNaN()).build()), () -> Kernel.infer(input));
    // Fail the run if a mode does not decorate: the probe sees its @Timeout's deadline, and a
    // limited call shows up in the limits.
    if (generated.probe() != 1 || woven.probe() != 1) {
      throw new IllegalStateException("@Timeout is not applied: generated " + generated.probe()
          + ", woven " + woven.probe());
    }
    generated.limit(x);
    woven.limit(x);
    if (Limits.stats("TimeoutLimitService.limit").isEmpty()
        || Limits.stats("WovenTimeoutLimitService.limit").isEmpty()) {
      throw new IllegalStateException("@ConcurrencyLimit is not applied");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    spring.close();
    hand.close();
    timeLimiterThread.shutdownNow();
    Timings.bindTo(Metrics.globalRegistry);
  }

  @Benchmark
  public float direct() {
    return service.plain(x);
  }

  // @Timeout("5s")

  @Benchmark
  public float timeout_generated() {
    return generated.timeout(x);
  }

  @Benchmark
  public float timeout_woven() {
    return woven.timeout(x);
  }

  @Benchmark
  public float timeout_hand() {
    return hand.timeout(x);
  }

  @Benchmark
  public float timeout_r4jTimeLimiter() throws Exception {
    float[] input = x;
    return timeLimiter.executeFutureSupplier(
        () -> timeLimiterThread.submit(() -> Kernel.infer(input)));
  }

  // @ConcurrencyLimit(value = 2, maxWait = "20ms")

  @Benchmark
  public float limit_generated() {
    return generated.limit(x);
  }

  @Benchmark
  public float limit_woven() {
    return woven.limit(x);
  }

  @Benchmark
  public float limit_hand() throws InterruptedException {
    return hand.limit(x);
  }

  @Benchmark
  public float limit_r4jBulkhead() {
    return r4jBulkhead.get();
  }

  @Benchmark
  public float limit_spring7ConcurrencyLimit() {
    return spring.limit.limited(x);
  }

  // @Retry(retryIf = NotANumber.class), the result accepted at once

  @Benchmark
  public float retryIf_generated() {
    return generated.retryIf(x);
  }

  @Benchmark
  public float retryIf_woven() {
    return woven.retryIf(x);
  }

  @Benchmark
  public float retryIf_hand() {
    return hand.retryIf(x);
  }

  @Benchmark
  public float retryIf_r4jDecorateSupplier() {
    return r4jRetryIf.get();
  }
}
