package dev.decor.benchmarks;

import dev.decor.benchmarks.woven.WovenService;
import dev.decor.cache.Caches;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.TimedSpec;
import dev.decor.grad.GradMode;
import dev.decor.grad.GradScope;
import dev.decor.timing.Timings;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
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
 * Per-call cost of each decorator alone, against the direct call, the hand-written equivalent and
 * peer libraries, on the same non-inlined body ({@link Kernel}).
 *
 * <p>Names are {@code <decorator>_<variant>}; {@link Main} groups them for the report. Variants:
 * {@code generated} = the processor's {@code DecoratedService}, {@code woven} = {@link WovenService}
 * woven by ajc at build time, {@code engine} = decor's engine through a hand-rolled wrapper
 * ({@link EngineService}, the shape generated code has, kept as a processor-independent check),
 * {@code hand} = {@link HandWritten}, the rest are peers. Cached benchmarks measure hits: every key
 * is computed once in {@link #setUp}. All timers record into one {@link SimpleMeterRegistry}
 * (decor is bound to it), so Micrometer does the same work for every {@code @Timed} variant.
 *
 * <p>Run: {@code benchmarks/run.sh} (see BENCHMARKS.md), or
 * {@code java -jar benchmarks/target/benchmarks.jar DecoratorBench -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class DecoratorBench {
  private float[] x;
  private int id;
  private byte[] image;

  private Service service;
  private DecoratedService generated;
  private WovenService woven;
  private EngineService engine;
  private HandWritten hand;
  private SynchronizedLru lru;
  private SpringPeers spring;
  private Supplier<Float> r4jRetried;
  /** {@code @Timed} on an engine with an ObservationRegistry (one handler that does nothing). */
  private Chain observedTimed;

  @Setup(Level.Trial)
  public void setUp() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Timings.bindTo(registry);
    x = Kernel.input();
    id = 42;
    image = Kernel.image();
    service = new Service();
    generated = new DecoratedService();
    woven = new WovenService();
    engine = new EngineService();
    hand = new HandWritten(registry);
    lru = new SynchronizedLru();
    // One handler that does nothing: what an Observation costs, for decor and for @Observed.
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(context -> true);
    spring = new SpringPeers(registry, observations);
    float[] input = x;
    r4jRetried = Retry.decorateSupplier(Retry.ofDefaults("peer"), () -> Kernel.infer(input));
    observedTimed = Decor.builder().meterRegistry(registry).observationRegistry(observations)
        .build().chain(MethodKey.of(Service.class, "timed", float[].class),
            TimedSpec.of("", false));
    // Fill every cache, so the measured calls are hits.
    generated.cachedInt(id);
    generated.cachedImage(image);
    woven.cachedInt(id);
    woven.cachedImage(image);
    engine.cachedInt(id);
    engine.cachedImage(image);
    hand.cachedIntGet(id);
    hand.cachedImage(image);
    lru.cachedInt(id);
    spring.cache.cachedInt(id);
    checkDecorated("Service.cachedInt", "Service.timed", () -> generated.cachedInt(id),
        () -> generated.timed(x));
    checkDecorated("WovenService.cachedInt", "WovenService.timed", () -> woven.cachedInt(id),
        () -> woven.timed(x));
  }

  /** Fails the run if a mode does not actually decorate (a cache hit and a timing must show). */
  private static void checkDecorated(String cache, String timing, Runnable cachedCall,
      Runnable timedCall) {
    long hits = Caches.stats(cache).hits();
    long timings = Timings.stats(timing).count();
    cachedCall.run();
    timedCall.run();
    if (Caches.stats(cache).hits() != hits + 1 || Timings.stats(timing).count() != timings + 1) {
      throw new IllegalStateException("Not decorated: " + cache + ", " + timing);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    spring.close();
    Timings.bindTo(Metrics.globalRegistry);
  }

  @Benchmark
  public float direct() {
    return service.plain(x);
  }

  // @Timed

  @Benchmark
  public float timed_generated() {
    return generated.timed(x);
  }

  @Benchmark
  public float timed_woven() {
    return woven.timed(x);
  }

  @Benchmark
  public float timed_engine() {
    return engine.timed(x);
  }

  @Benchmark
  public float timed_hand() {
    return hand.timed(x);
  }

  /**
   * The generated wrapper's shape ({@code timedStart}/{@code timedEnd} around the body) on an
   * engine with an ObservationRegistry: each call is also an Observation, opened in scope. Its
   * handler does nothing, so the row shows decor's Observation plumbing and Micrometer's own.
   */
  @Benchmark
  public float timed_observed() {
    long start = observedTimed.timedStart();
    float result;
    try {
      result = service.timed(x);
    } catch (Throwable t) {
      observedTimed.timedFailed(start, t);
      throw t;
    }
    return (float) observedTimed.timedEnd(start, result);
  }

  /** Micrometer's {@code @Observed} on a Spring bean, with the same registry and handler. */
  @Benchmark
  public float timed_springObservedAspect() {
    return spring.observed.observed(x);
  }

  @Benchmark
  public float timed_springTimedAspect() {
    return spring.timed.timed(x);
  }

  // @Retry (success path)

  @Benchmark
  public float retry_generated() {
    return generated.retried(x);
  }

  @Benchmark
  public float retry_woven() {
    return woven.retried(x);
  }

  @Benchmark
  public float retry_engine() {
    return engine.retried(x);
  }

  @Benchmark
  public float retry_hand() {
    return hand.retried(x);
  }

  @Benchmark
  public float retry_r4jDecorateSupplier() {
    return r4jRetried.get();
  }

  @Benchmark
  public float retry_spring7Retryable() {
    return spring.retry.retried(x);
  }

  // @Cached, int key (hit)

  @Benchmark
  public float cachedInt_generated() {
    return generated.cachedInt(id);
  }

  @Benchmark
  public float cachedInt_woven() {
    return woven.cachedInt(id);
  }

  @Benchmark
  public float cachedInt_engine() {
    return engine.cachedInt(id);
  }

  @Benchmark
  public float cachedInt_hand() {
    return hand.cachedIntGet(id);
  }

  @Benchmark
  public float cachedInt_handGetIfPresent() {
    return hand.cachedIntGetIfPresent(id);
  }

  @Benchmark
  public float cachedInt_springCacheable() {
    return spring.cache.cachedInt(id);
  }

  @Benchmark
  public float cachedInt_synchronizedLru() {
    return lru.cachedInt(id);
  }

  // @Cached, 150,528-byte image key (hit)

  @Benchmark
  public float cachedImage_generated() {
    return generated.cachedImage(image);
  }

  @Benchmark
  public float cachedImage_woven() {
    return woven.cachedImage(image);
  }

  @Benchmark
  public float cachedImage_engine() {
    return engine.cachedImage(image);
  }

  @Benchmark
  public float cachedImage_hand() {
    return hand.cachedImage(image);
  }

  // @NoGrad

  @Benchmark
  public float noGrad_generated() {
    return generated.noGrad(x);
  }

  @Benchmark
  public float noGrad_woven() {
    return woven.noGrad(x);
  }

  @Benchmark
  public float noGrad_engine() {
    return engine.noGrad(x);
  }

  @Benchmark
  public float noGrad_hand() {
    return hand.noGrad(x);
  }

  /** decor's public scope API, {@code try (GradScope s = GradMode.noGrad())}. */
  @Benchmark
  public float noGrad_decorScopeApi() {
    try (GradScope s = GradMode.noGrad()) {
      return Kernel.infer(x);
    }
  }

  // @InferenceMode

  @Benchmark
  public float inference_generated() {
    return generated.inference(x);
  }

  @Benchmark
  public float inference_woven() {
    return woven.inference(x);
  }

  @Benchmark
  public float inference_engine() {
    return engine.inference(x);
  }

  @Benchmark
  public float inference_hand() {
    return hand.inference(x);
  }

  @Benchmark
  public float inference_handShared() {
    return hand.inferenceShared(x);
  }

  /**
   * decor's public scope API by hand, {@code try (GradScope s = GradMode.inference(model))}: the
   * same region count as {@code @InferenceMode}, so the model stays in eval while any thread is
   * inside (the flag flip of {@link #inference_hand} is not safe for a shared model).
   */
  @Benchmark
  public float inference_decorScopeApi() {
    try (GradScope s = GradMode.inference(hand)) {
      return Kernel.infer(x);
    }
  }
}
