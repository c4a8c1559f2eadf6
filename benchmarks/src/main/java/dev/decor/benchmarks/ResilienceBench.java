package dev.decor.benchmarks;

import dev.decor.benchmarks.woven.WovenResilientService;
import dev.decor.breaker.CircuitBreakers;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.decorators.Decorators;
import java.util.List;
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

/**
 * Per-call cost of {@code @CircuitBreaker} and {@code @Fallback} (closed breaker, successful body;
 * and a body that always fails, for the fallback's own cost), against the direct call,
 * hand-written resilience4j code (the calls decor makes, {@code tryAcquirePermission} and
 * {@code onSuccess}; {@code CircuitBreaker.executeSupplier}/{@code decorateSupplier},
 * a {@code try}/{@code catch} calling the fallback) and resilience4j's own decorators
 * ({@code Decorators.ofSupplier(…).withCircuitBreaker(…).withFallback(…)}), on the same
 * non-inlined body ({@link Kernel}). Spring Framework 7 has neither a breaker nor a fallback
 * annotation ({@code @Retryable} and {@code @ConcurrencyLimit} only), so there is no Spring row.
 *
 * <p>Every resilience4j peer has a breaker of its own with decor's settings (a count-based window
 * of 20, 50 %). decor reads no clock for a breaker without {@code slowCall}; resilience4j's
 * {@code executeSupplier} and {@code Decorators} read {@code System.nanoTime} twice per call.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ResilienceBench -f 2 -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ResilienceBench {
  private float[] x;
  private Service service;
  private ResilientService plain;
  private DecoratedResilientService generated;
  private WovenResilientService woven;

  private CircuitBreaker handBreaker;
  private CircuitBreaker handBreakerCalls;
  private CircuitBreaker handBreakerFallback;
  private Supplier<Float> r4jDecorated;
  private Supplier<Float> r4jBreaker;
  private Supplier<Float> r4jFallback;
  private Supplier<Float> r4jBreakerFallback;
  private Supplier<Float> r4jFailing;

  private static CircuitBreaker peer(String name) {
    return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
        .slidingWindow(20, 20, SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(50)
        .build());
  }

  @Setup(Level.Trial)
  public void setUp() {
    x = Kernel.input();
    float[] input = x;
    service = new Service();
    plain = new ResilientService();
    generated = new DecoratedResilientService();
    woven = new WovenResilientService();
    handBreaker = peer("hand");
    handBreakerCalls = peer("handCalls");
    handBreakerFallback = peer("handFallback");
    r4jDecorated = CircuitBreaker.decorateSupplier(peer("decorateSupplier"),
        () -> Kernel.infer(input));
    r4jBreaker = Decorators.ofSupplier(() -> Kernel.infer(input))
        .withCircuitBreaker(peer("decorators")).decorate();
    r4jFallback = Decorators.ofSupplier(() -> Kernel.infer(input))
        .withFallback(List.of(Exception.class), t -> plain.cpu(input, t)).decorate();
    r4jBreakerFallback = Decorators.ofSupplier(() -> Kernel.infer(input))
        .withCircuitBreaker(peer("decoratorsFallback"))
        .withFallback(List.of(Exception.class), t -> plain.cpu(input, t)).decorate();
    r4jFailing = Decorators.<Float>ofSupplier(() -> {
      Kernel.infer(input);
      throw ResilientService.FAILURE;
    }).withFallback(List.of(Exception.class), t -> plain.cpu(input, t)).decorate();
    // Fails the run if a mode does not decorate: the failing bodies must fall back, the breakers exist.
    if (generated.failing(x) != -1f || woven.failing(x) != -1f) {
      throw new IllegalStateException("@Fallback did not apply");
    }
    generated.breaker(x);
    woven.breaker(x);
    if (CircuitBreakers.get("ResilientService.breaker").isEmpty()
        || CircuitBreakers.get("WovenResilientService.breaker").isEmpty()) {
      throw new IllegalStateException("@CircuitBreaker did not apply");
    }
  }

  @Benchmark
  public float direct() {
    return service.plain(x);
  }

  // @CircuitBreaker (closed, success)

  @Benchmark
  public float breaker_generated() {
    return generated.breaker(x);
  }

  @Benchmark
  public float breaker_woven() {
    return woven.breaker(x);
  }

  /**
   * Hand-written with the calls decor makes, at the call site: {@code tryAcquirePermission}, then
   * {@code onSuccess}/{@code onError} with no clock read (the breaker tracks no slow calls).
   */
  @Benchmark
  public float breaker_hand() {
    CircuitBreaker b = handBreakerCalls;
    if (!b.tryAcquirePermission()) {
      throw CallNotPermittedException.createCallNotPermittedException(b);
    }
    float result;
    try {
      result = plain.breaker(x);
    } catch (RuntimeException e) {
      b.onError(0, TimeUnit.NANOSECONDS, e);
      throw e;
    }
    b.onSuccess(0, TimeUnit.NANOSECONDS);
    return result;
  }

  /** Hand-written: {@code breaker.executeSupplier(() -> infer(x))} at the call site. */
  @Benchmark
  public float breaker_r4jExecuteSupplier() {
    float[] input = x;
    return handBreaker.executeSupplier(() -> Kernel.infer(input));
  }

  /** Hand-written: {@code CircuitBreaker.decorateSupplier} once, called per request. */
  @Benchmark
  public float breaker_r4jDecorateSupplier() {
    return r4jDecorated.get();
  }

  @Benchmark
  public float breaker_r4jDecorators() {
    return r4jBreaker.get();
  }

  // @Fallback (success)

  @Benchmark
  public float fallback_generated() {
    return generated.fallback(x);
  }

  @Benchmark
  public float fallback_woven() {
    return woven.fallback(x);
  }

  /** Hand-written: {@code try { infer(x) } catch (Exception e) { cpu(x, e) }}. */
  @Benchmark
  public float fallback_hand() {
    try {
      return plain.fallback(x);
    } catch (Exception e) {
      return plain.cpu(x, e);
    }
  }

  @Benchmark
  public float fallback_r4jDecorators() {
    return r4jFallback.get();
  }

  // @Fallback + @CircuitBreaker (closed, success)

  @Benchmark
  public float breakerFallback_generated() {
    return generated.breakerFallback(x);
  }

  @Benchmark
  public float breakerFallback_woven() {
    return woven.breakerFallback(x);
  }

  /** Hand-written: the breaker's {@code executeSupplier} inside a {@code try}/{@code catch}. */
  @Benchmark
  public float breakerFallback_hand() {
    float[] input = x;
    try {
      return handBreakerFallback.executeSupplier(() -> Kernel.infer(input));
    } catch (Exception e) {
      return plain.cpu(input, e);
    }
  }

  @Benchmark
  public float breakerFallback_r4jDecorators() {
    return r4jBreakerFallback.get();
  }

  // @Fallback on a body that always fails: the fallback's own cost

  @Benchmark
  public float fallbackFailing_generated() {
    return generated.failing(x);
  }

  @Benchmark
  public float fallbackFailing_woven() {
    return woven.failing(x);
  }

  @Benchmark
  public float fallbackFailing_hand() {
    try {
      return plain.failing(x);
    } catch (Exception e) {
      return plain.cpu(x, e);
    }
  }

  @Benchmark
  public float fallbackFailing_r4jDecorators() {
    return r4jFailing.get();
  }
}
