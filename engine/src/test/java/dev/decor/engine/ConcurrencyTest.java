package dev.decor.engine;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.cache.CacheStats;
import dev.decor.cache.Caches;
import dev.decor.fixtures.Await;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.fixtures.DecoratedFibonacci;
import dev.decor.fixtures.FlakyService;
import dev.decor.fixtures.Workers;
import dev.decor.grad.GradMode;
import dev.decor.grad.GradScope;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.Spec;
import dev.decor.spec.TimedSpec;
import dev.decor.timing.Timings;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Many threads, latches and polling of thread states — never sleeps standing in for ordering. */
class ConcurrencyTest {
  private static final int THREADS = 16;
  private static final MethodKey DESCRIBE =
      MethodKey.of(CountingEmbedder.class, "describe", Object.class);
  private static final AtomicInteger CACHES = new AtomicInteger();

  /** The cache of the chain built by {@link #cached}. */
  private String cacheName;

  private Chain cached(int maxSize, Spec... more) {
    cacheName = "ConcurrencyTest#" + CACHES.incrementAndGet();
    Spec[] specs = new Spec[more.length + 1];
    specs[0] = CachedSpec.of(maxSize, "", cacheName);
    System.arraycopy(more, 0, specs, 1, more.length);
    return Chains.of(DESCRIBE, specs);
  }

  /**
   * Waits until every worker is parked either in the computation (on the test's latch) or on the
   * value in flight.
   */
  private static void awaitAllParked(Workers<?> workers, AtomicInteger entered) {
    Await.until("all workers parked inside the chain", Duration.ofSeconds(30),
        () -> entered.get() == THREADS && workers.threads().stream()
            .allMatch(t -> t.getState() == Thread.State.WAITING && parkedOnLatchOrValue(t)));
  }

  private static boolean parkedOnLatchOrValue(Thread t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().equals(CountDownLatch.class.getName())
          || frame.getClassName().equals(CompletableFuture.class.getName())
              && frame.getMethodName().equals("join")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void concurrentMissesOnOneKeyComputeItOnce() throws Exception {
    Chain chain = cached(100);
    CountingEmbedder embedder = new CountingEmbedder();
    CountDownLatch finish = new CountDownLatch(1);
    embedder.beforeCompute(() -> {
      try {
        finish.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    AtomicInteger entered = new AtomicInteger();
    Workers<Object> workers = Workers.start(THREADS, i -> {
      entered.incrementAndGet();
      return chain.invoke(embedder, new Object[] {"key"}, () -> embedder.describe("key"));
    }).release();
    awaitAllParked(workers, entered);
    finish.countDown();

    assertThat(workers.await()).hasSize(THREADS).containsOnly("[key]");
    assertThat(embedder.calls()).isEqualTo(1);
    CacheStats stats = Caches.stats(cacheName);
    assertThat(stats.hits() + stats.misses()).isEqualTo(THREADS);
    assertThat(stats.misses()).isEqualTo(1);
  }

  @Test
  void aFailureInFlightReachesEveryWaiterAndIsNotCached() throws Exception {
    Chain chain = cached(100);
    CountingEmbedder embedder = new CountingEmbedder();
    IllegalStateException failure = new IllegalStateException("model crashed");
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger computations = new AtomicInteger();
    AtomicInteger entered = new AtomicInteger();
    Workers<Object> workers = Workers.start(THREADS, i -> {
      entered.incrementAndGet();
      return chain.invoke(embedder, new Object[] {"key"}, () -> {
        computations.incrementAndGet();
        finish.await();
        throw failure;
      });
    }).release();
    awaitAllParked(workers, entered);
    finish.countDown();

    List<Object> outcomes = workers.outcomes();
    assertThat(outcomes).hasSize(THREADS).allSatisfy(o -> assertThat(o)
        .isInstanceOfSatisfying(Workers.Failure.class,
            f -> assertThat(f.error()).isSameAs(failure)));
    assertThat(computations).hasValue(1);
    assertThat(Caches.stats(cacheName)).as("every call is a hit or a miss; none got a value")
        .isEqualTo(new CacheStats(0, THREADS, 0, 0, 100));

    Object value = null;
    try {
      value = chain.invoke(embedder, new Object[] {"key"}, () -> embedder.describe("key"));
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    assertThat(value).isEqualTo("[key]");
  }

  @Test
  void statisticsStayExactUnderContention() throws Exception {
    int threads = 8;
    int calls = 2_000;
    int keys = 50;
    Timings.reset("CountingEmbedder.describe");
    Chain chain = cached(128, TimedSpec.of("", false));
    CountingEmbedder embedder = new CountingEmbedder();
    Workers.run(threads, t -> {
      for (int i = 0; i < calls; i++) {
        Integer key = (i * 7 + t) % keys;
        assertThat(chain.invoke(embedder, new Object[] {key}, () -> embedder.describe(key)))
            .isEqualTo("[" + key + "]");
      }
      return null;
    });
    CacheStats stats = Caches.stats(cacheName);
    assertThat(stats.hits() + stats.misses()).isEqualTo((long) threads * calls);
    assertThat(stats.misses()).as("single-flight: each key once").isEqualTo(keys);
    assertThat(embedder.calls()).isEqualTo(keys);
    assertThat(stats.size()).isEqualTo(keys);
    assertThat(Timings.stats("CountingEmbedder.describe").count())
        .isEqualTo((long) threads * calls);
  }

  @Test
  void statisticsStayExactWhileEvicting() throws Exception {
    int threads = 8;
    int calls = 1_000;
    Chain chain = cached(16);
    CountingEmbedder embedder = new CountingEmbedder();
    CacheGuaranteesTest.describeConcurrently(chain, embedder, threads, calls,
        (t, i) -> (i * 31 + t * 17) % 200);
    CacheStats stats = Caches.stats(cacheName);
    assertThat(stats.hits() + stats.misses()).isEqualTo((long) threads * calls);
    assertThat(stats.misses()).isEqualTo(embedder.calls());
    assertThat(stats.size()).isLessThanOrEqualTo(16);
    assertThat(stats.evictions()).isPositive();
  }

  @Test
  @ResourceLock(DecoratedFibonacci.CACHE) // one global cache, shared with another test class
  void aRecursiveCachedMethodOnManyThreadsComputesEachKeyOnce() throws Exception {
    Caches.clear(DecoratedFibonacci.CACHE);
    DecoratedFibonacci fib = new DecoratedFibonacci();
    assertThat(Workers.run(8, t -> fib.fib(90 - t % 2)))
        .containsOnly(2_880_067_194_370_816_120L, 1_779_979_416_004_714_189L);
    assertThat(fib.computations()).isEqualTo(91);
  }

  @Test
  @SuppressWarnings("unchecked")
  void retriesOnManyThreadsKeepTheirOwnAttempts() throws Exception {
    Chain chain = Chains.of(MethodKey.of(FlakyService.class, "call", String.class),
        RetrySpec.of(3, "0ms", 1.0, "", 0.0, new Class[] {Exception.class}), GradSpec.NO_GRAD);
    Workers.run(8, t -> {
      for (int i = 0; i < 500; i++) {
        FlakyService service = FlakyService.failing((i + t) % 3);
        assertThat(chain.invoke(service, () -> service.call("x")))
            .isEqualTo("x@" + ((i + t) % 3 + 1));
        assertThat(service.gradModes()).containsOnly(false);
        assertThat(GradMode.isEnabled()).isTrue();
      }
      return null;
    });
  }

  @Test
  void gradModeIsPerThreadWhileThreadsFlipScopesConcurrently() throws Exception {
    Chain noGrad = Chains.of(MethodKey.of(CountingEmbedder.class, "version"), GradSpec.NO_GRAD);
    Workers.run(THREADS, t -> {
      boolean outer = t % 2 == 0;
      for (int i = 0; i < 500; i++) {
        assertThat(GradMode.isEnabled()).isTrue();
        try (GradScope a = GradMode.set(outer)) {
          assertThat(GradMode.isEnabled()).isEqualTo(outer);
          try (GradScope b = GradMode.set(!outer)) {
            assertThat(GradMode.isEnabled()).isEqualTo(!outer);
            assertThat(noGrad.invoke(null, GradMode::isEnabled)).isEqualTo(false);
            assertThat(GradMode.isEnabled()).isEqualTo(!outer);
          }
          assertThat(GradMode.isEnabled()).isEqualTo(outer);
        }
      }
      assertThat(GradMode.isEnabled()).isTrue();
      return null;
    });
  }

  @Test
  void poolThreadsCreatedInsideANoGradScopeStartEnabled() throws Exception {
    try (GradScope s = GradMode.noGrad()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Callable<Boolean> probe = GradMode::isEnabled;
        for (Future<Boolean> mode : pool.invokeAll(Collections.nCopies(8, probe))) {
          assertThat(mode.get()).isTrue();
        }
      } finally {
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(GradMode.isEnabled()).isFalse();
    }
  }
}
