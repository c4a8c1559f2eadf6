package dev.decor.engine;

import dev.decor.DeadlineExceededException;
import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import dev.decor.batch.BatchMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.cache.Caches;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.fixtures.Workers;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.ConcurrencyLimitSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimeoutSpec;
import dev.decor.spec.TimedSpec;
import dev.decor.timing.Timings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The global engine that annotated methods run on: replacing it moves their chains to the new
 * engine's registries, clock and MeterRegistry. Isolated: it swaps what every other test's
 * {@link Chains#of} chain follows.
 */
@Isolated
class GlobalEngineTest {
  /** Numbers each test's names: the original global engine keeps a name from run to run. */
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Decor original = Decor.global();
  private final int run = RUNS.incrementAndGet();

  @AfterEach
  void restore() {
    Decor.setGlobal(original);
  }

  @Test
  void chainsOfAnnotatedMethodsFollowTheGlobalEngine() throws Throwable {
    String cache = "GlobalEngineTest.label" + run;
    Chain chain = Chains.of(MethodKey.of(CountingEmbedder.class, "label", String.class, int.class),
        TimedSpec.of("", false), CachedSpec.of(10, "", cache));
    CountingEmbedder embedder = new CountingEmbedder();
    chain.invoke(embedder, new Object[] {"x", 1}, () -> embedder.label("x", 1));
    assertThat(Caches.stats(cache).misses()).isEqualTo(1);

    long[] now = {0};
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Decor test = Decor.builder().nanoTime(() -> now[0] += 1_000).meterRegistry(registry).build();
    assertThat(Decor.setGlobal(test)).isSameAs(original);

    chain.invoke(embedder, new Object[] {"x", 1}, () -> embedder.label("x", 1));
    // A fresh engine: its own, empty cache (a miss again), its clock, its registry.
    assertThat(test.cacheStats(cache).misses()).isEqualTo(1);
    assertThat(Caches.stats(cache).misses()).isEqualTo(1);
    assertThat(Timings.stats("CountingEmbedder.label").totalNanos()).isEqualTo(1_000);
    assertThat(registry.get("method.timed").timer().count()).isEqualTo(1);
    assertThat(original.cacheStats(cache).misses()).isEqualTo(1);

    Decor.setGlobal(original);
    chain.invoke(embedder, new Object[] {"x", 1}, () -> embedder.label("x", 1));
    assertThat(original.cacheStats(cache).hits()).isEqualTo(1);
  }

  @Test
  void decoratorsNamedRunOnTheGlobalEngine() {
    Decor test = Decor.builder().build();
    Decor.setGlobal(test);
    Function<String, Integer> length =
        Decorators.named("GlobalEngineTest.length").cached(4).function(String::length);
    length.apply("abc");
    length.apply("abc");
    assertThat(test.cacheStats("GlobalEngineTest.length").hits()).isEqualTo(1);
    assertThat(Caches.stats("GlobalEngineTest.length").hits()).isEqualTo(1);
  }

  /**
   * A function built on one global engine, then first called by many threads at once on the
   * next: they race to bind it there ({@link Chain}'s rebind) and must all land on one pipeline,
   * so the new engine counts every call once and computes the one key once.
   */
  @Test
  void aDecoratedFunctionsFirstCallsOnANewGlobalEngineBindItOnce() throws Exception {
    String cachedName = "GlobalEngineTest.coldCached" + run;
    String retriedName = "GlobalEngineTest.coldRetried" + run;
    AtomicInteger computations = new AtomicInteger();
    ConcurrentHashMap<Integer, Boolean> failedOnce = new ConcurrentHashMap<>();
    Function<Integer, String> cached = Decorators.named(cachedName).timed()
        .cached(8).function(x -> {
          computations.incrementAndGet();
          return "v" + x;
        });
    Function<Integer, Integer> retried = Decorators.named(retriedName)
        .retry(r -> r.maxAttempts(2)).function(i -> {
          if (failedOnce.putIfAbsent(i, true) == null) {
            throw new IllegalStateException("first attempt of " + i);
          }
          return i;
        });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Decor next = Decor.builder().instantRetries().meterRegistry(registry).build();
    Decor.setGlobal(next);

    int n = 16;
    assertThat(Workers.run(n, i -> cached.apply(7) + retried.apply(i)))
        .hasSize(n).allSatisfy(r -> assertThat(r).startsWith("v7"));

    assertThat(computations).hasValue(1);
    assertThat(next.cacheStats(cachedName).size()).isEqualTo(1);
    assertThat(next.timingStats(cachedName).count()).isEqualTo(n);
    assertThat(registry.get("method.timed").timer().count()).isEqualTo(n);
    assertThat(next.retry(retriedName).orElseThrow().getMetrics()
        .getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(n);
  }

  /**
   * A {@code @Batched} chain's first calls on a new global engine: one batcher (one batch at a
   * time with {@code maxConcurrency = 1}; full batches only, or the gets would time out).
   */
  @Test
  void aBatchedChainsFirstCallsOnANewGlobalEngineShareOneBatcher() throws Throwable {
    Chain chain = Chains.of(MethodKey.of(Batches.class, "negate", Integer.class),
        BatchedSpec.builder().method("negateAll").maxSize(4).maxWait("1h").maxConcurrency(1)
            .build());
    Batches batches = new Batches();
    Decor next = Decor.builder().build();
    Decor.setGlobal(next);
    try {
      int n = 16;
      List<Object> futures = Workers.run(n, i -> chain.invokeBatched(batches, i,
          (BatchMethod<Integer, Integer>) batches::negateAll));
      for (int i = 0; i < n; i++) {
        assertThat(((CompletableFuture<?>) futures.get(i)).get(20, TimeUnit.SECONDS))
            .isEqualTo(-i);
      }
      assertThat(batches.sizes).hasSize(4).containsOnly(4);
      assertThat(batches.mostAtOnce).hasValue(1);
    } finally {
      next.close();
    }
  }

  /** A batched receiver that records batch sizes and how many batches ran at once. */
  static final class Batches {
    final List<Integer> sizes = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    public CompletableFuture<Integer> negate(Integer x) {
      throw new AssertionError("the body of a @Batched method never runs");
    }

    public List<Integer> negateAll(List<Integer> xs) {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        sizes.add(xs.size());
        return xs.stream().map(x -> -x).toList();
      } finally {
        running.decrementAndGet();
      }
    }
  }

  @Test
  void theGlobalEngineNeedsNoSetUp() {
    assertThat(Decor.global()).isNotNull().isSameAs(Decor.global());
  }

  /** The methods whose keys the resilience chains below use; the test runs their hooks itself. */
  static class Guarded {
    String guarded(String in) {
      return in;
    }

    String limited(String in) {
      return in;
    }

    String bounded(String in) {
      return in;
    }

    String judged(String in) {
      return in;
    }
  }

  /** Retries while the job is still running. */
  public static final class StillRunning implements Predicate<String> {
    @Override
    public boolean test(String status) {
      return status.equals("running");
    }
  }

  /**
   * A call whose enter hook ran on one global engine ends there, though {@code Decor.setGlobal}
   * moved the chain to another before its exit hook: the breaker that admitted it counts it, the
   * limit that admitted it gets its permit back, and its timeout is counted on its own engine's
   * meters. The exit hooks look nothing up, so they build nothing on the new engine either (the
   * fast paths' hooks, {@code ResilienceHooksTest}).
   */
  @Test
  void theExitHooksEndACallOnTheEngineItStartedOnThoughTheGlobalEngineChangedMeanwhile()
      throws Throwable {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Decor first = Decor.builder().meterRegistry(registry).build();
    SimpleMeterRegistry nextRegistry = new SimpleMeterRegistry();
    Decor next = Decor.builder().meterRegistry(nextRegistry).build();
    Decor.setGlobal(first);
    try {
      Chain breaker = Chains.of(MethodKey.of(Guarded.class, "guarded", String.class),
          CircuitBreakerSpec.builder().window(2).build());
      Chain limit = Chains.of(MethodKey.of(Guarded.class, "limited", String.class),
          ConcurrencyLimitSpec.builder().value(1).maxWait("0ms").build());
      Chain timeout = Chains.of(MethodKey.of(Guarded.class, "bounded", String.class),
          TimeoutSpec.of("50ms"));
      Object admitted = breaker.breakerEnter();
      long start = breaker.breakerStart(admitted);
      Object permit = limit.limitEnter();
      Object token = timeout.timeoutStart();
      Decor.setGlobal(next);

      InterruptedException cut = null;
      try {
        new CountDownLatch(1).await(10, TimeUnit.SECONDS); // the first engine's timer cuts it
      } catch (InterruptedException e) {
        cut = e;
      }
      assertThat(cut).as("interrupted at the deadline").isNotNull();
      InterruptedException failure = cut;
      assertThatThrownBy(() -> timeout.timeoutFailed(token, failure))
          .isInstanceOf(DeadlineExceededException.class);
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      limit.limitExit(permit);
      breaker.breakerSucceeded(admitted, start);

      assertThat(registry.find("decor.timeout.timeouts").tag("name", "Guarded.bounded")
          .counter().count()).isEqualTo(1);
      assertThat(nextRegistry.find("decor.timeout.timeouts").counter()).isNull();
      assertThat(first.limitStats("Guarded.limited").orElseThrow().active()).isZero();
      assertThat(first.circuitBreaker("Guarded.guarded").orElseThrow().getMetrics()
          .getNumberOfSuccessfulCalls()).isEqualTo(1);
      assertThat(next.circuitBreaker("Guarded.guarded")).isEmpty();
      assertThat(next.limitStats("Guarded.limited")).isEmpty();
    } finally {
      Decor.setGlobal(original);
      first.close();
      next.close();
    }
  }

  /**
   * A judged retry ({@code retryIf}) whose call started on one global engine runs its later
   * attempts and ends there, though {@code Decor.setGlobal} moved the chain to another after
   * {@code retryEnter}: its rejected result, its retry and its success are counted by the first
   * engine's resilience4j retry, and nothing is built on the new engine (the loop of generated
   * wrappers and the aspect, {@code RetryOnResultTest}).
   */
  @Test
  void aJudgedRetryEndsOnTheEngineItStartedOnThoughTheGlobalEngineChangedMeanwhile()
      throws Throwable {
    Decor first = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
    Decor next = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
    Decor.setGlobal(first);
    try {
      Chain judged = Chains.of(MethodKey.of(Guarded.class, "judged", String.class),
          RetrySpec.builder().maxAttempts(3).delay("0ms").retryIf(StillRunning.class).build());
      List<String> results = List.of("running", "done");
      AtomicInteger attempts = new AtomicInteger();
      Object retry = judged.retryEnter();
      long start = Chain.retryStart(retry);
      Decor.setGlobal(next);
      String answer;
      while (true) {
        String result = results.get(attempts.getAndIncrement());
        Object after = Chain.retryResult(retry, result, start);
        if (after == Chain.RETRY_DONE) {
          answer = result;
          break;
        }
        retry = after;
      }

      assertThat(answer).isEqualTo("done");
      assertThat(attempts).hasValue(2);
      assertThat(first.retry("Guarded.judged").orElseThrow().getMetrics()
          .getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
      assertThat(next.retry("Guarded.judged")).isEmpty();
    } finally {
      Decor.setGlobal(original);
      first.close();
      next.close();
    }
  }
}
