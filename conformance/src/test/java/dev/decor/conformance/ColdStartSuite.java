package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.conformance.woven.LateBatched;
import dev.decor.engine.Decor;
import dev.decor.grad.GradMode;
import dev.decor.kernel.MethodKey;
import dev.decor.retry.Retries;
import dev.decor.spec.CachedSpec;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * Cold start, in every {@link Mode}: many threads, released together by a latch, make the first
 * calls of a method on an engine that has never run it — for every decorator, on platform threads
 * and (Java 21+) on virtual threads. Each round starts on a global engine of its own, so the
 * chain binds to it under the race; the first round of a JVM is also the method's first call at
 * all. What is asserted is what a user relies on: one cache entry computed once, one batcher
 * (one batch at a time, each full), every retry and every timing counted exactly, grad mode
 * right inside every call and restored after it.
 */
abstract class ColdStartSuite {
  private static final int PLATFORM_THREADS = 16;
  private static final int VIRTUAL_THREADS = 64;
  private static final long LONG_SECONDS = 30;

  abstract Mode mode();

  /** How the racing threads are started. */
  private enum Kind {
    PLATFORM(PLATFORM_THREADS),
    VIRTUAL(VIRTUAL_THREADS);

    final int threads;

    Kind(int threads) {
      this.threads = threads;
    }

    /** The kinds this JVM has: virtual threads from Java 21 on. */
    static List<Kind> available() {
      return Runtime.version().feature() >= 21 ? List.of(PLATFORM, VIRTUAL) : List.of(PLATFORM);
    }

    Thread start(Runnable task) {
      if (this == PLATFORM) {
        Thread t = new Thread(task);
        t.setDaemon(true);
        t.start();
        return t;
      }
      try {
        return (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class)
            .invoke(null, task);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("virtual threads need Java 21+", e);
      }
    }
  }

  /** One round: a fresh engine made global, for {@code body}, then closed and replaced. */
  private interface Round {
    void run(Kind kind, Decor engine, SimpleMeterRegistry meters) throws Exception;
  }

  private void eachKind(Round round) throws Exception {
    for (Kind kind : Kind.available()) {
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      Decor engine = Decor.builder().instantRetries().meterRegistry(meters).build();
      Decor previous = Decor.setGlobal(engine);
      try {
        round.run(kind, engine, meters);
      } finally {
        Decor.setGlobal(previous);
        engine.close();
      }
    }
  }

  /**
   * Runs {@code call(i)} on {@code kind.threads} threads that all wait on one latch first, so the
   * calls start together; returns the results by index, failing with the first thread's failure.
   */
  private static <T> List<T> race(Kind kind, IndexedCall<T> call) throws Exception {
    int n = kind.threads;
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    AtomicReferenceArray<Object> outcomes = new AtomicReferenceArray<>(n);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      threads.add(kind.start(() -> {
        ready.countDown();
        try {
          go.await();
          outcomes.set(index, new Object[] {call.call(index)});
        } catch (Throwable t) {
          outcomes.set(index, t);
        }
      }));
    }
    assertThat(ready.await(LONG_SECONDS, TimeUnit.SECONDS)).as("threads started").isTrue();
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(LONG_SECONDS));
      assertThat(t.isAlive()).as("%s finished", t).isFalse();
    }
    List<T> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object o = outcomes.get(i);
      if (o instanceof Throwable t) {
        throw new AssertionError("call " + i + " failed", t);
      }
      @SuppressWarnings("unchecked")
      T result = (T) ((Object[]) o)[0];
      results.add(result);
    }
    return results;
  }

  @FunctionalInterface
  private interface IndexedCall<T> {
    T call(int index) throws Exception;
  }

  @Test
  void timedCountsEveryFirstCall() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      List<Integer> results = race(kind, s::timed);
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i)).isEqualTo(i);
      }
      assertThat(engine.timingStats("ColdStartService.timed").count()).isEqualTo(kind.threads);
      assertThat(meters.get("method.timed").tag("method", "timed").timer().count())
          .isEqualTo(kind.threads);
    });
  }

  @Test
  void retryCountsEveryFirstCallsAttemptsOnOneRetry() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      List<String> results = race(kind, i -> s.flaky("caller-" + i));
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i)).isEqualTo("caller-" + i);
      }
      assertThat(s.retryAttempts).hasValue(2 * kind.threads);
      Retry retry = Retries.get("ColdStartService.flaky").orElseThrow();
      assertThat(engine.retry("ColdStartService.flaky")).containsSame(retry);
      assertThat(retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt())
          .isEqualTo(kind.threads);
      assertThat(retry.getMetrics().getNumberOfSuccessfulCallsWithoutRetryAttempt()).isZero();
      assertThat(retry.getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isZero();
    });
  }

  @Test
  void cachedComputesOneKeyOnceForAllFirstCallers() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      List<String> results = race(kind, i -> s.cached("k"));
      assertThat(results).containsOnly("k!").hasSize(kind.threads);
      assertThat(s.cachedRuns).hasValue(1);
      assertThat(engine.cacheStats("ColdStartService.cached").size()).isEqualTo(1);
      assertThat(engine.cacheStats("ColdStartService.cached").misses()
          + engine.cacheStats("ColdStartService.cached").hits()).isEqualTo(kind.threads);
    });
  }

  @Test
  void noGradIsOffInsideEveryFirstCallAndRestoredAfter() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      List<List<Boolean>> seen = race(kind, i -> {
        boolean inside = s.noGrad();
        return List.of(inside, GradMode.isEnabled());
      });
      assertThat(seen).containsOnly(List.of(false, true)).hasSize(kind.threads);
      assertThat(s.gradSeen).containsOnly(List.of(false, true)).hasSize(kind.threads);
    });
  }

  @Test
  void inferenceModeIsOnInsideEveryFirstCallAndTheModelIsRestoredAfter() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      List<List<Boolean>> seen = race(kind, i -> {
        boolean inside = s.inference();
        return List.of(inside, GradMode.isEnabled());
      });
      assertThat(seen).containsOnly(List.of(false, true)).hasSize(kind.threads);
      assertThat(s.gradSeen).as("grad, training inside").containsOnly(List.of(false, false))
          .hasSize(kind.threads);
      assertThat(s.isTraining()).isTrue();
    });
  }

  /**
   * Woven, a chain is built when its class is initialised; one that could not be built then
   * (here its cache name was taken on that engine) is built by its first callers, racing: they
   * must all use one chain, or each would get a batcher of its own.
   */
  @Test
  void aWovenChainLeftToItsFirstCallersIsSharedByThem() throws Exception {
    assumeTrue(mode().woven(), "a generated wrapper's chain is built with its class or never");
    Decor taken = Decor.builder().build();
    Decor previous = Decor.setGlobal(taken);
    try {
      taken.chain(MethodKey.of(ColdStartService.class, "cached", String.class),
          CachedSpec.builder().name(LateBatched.CACHE).build());
      mode().create(LateBatched.class); // initialised on `taken`: its chain fails, left for later
    } finally {
      Decor.setGlobal(previous);
    }
    eachKind((kind, engine, meters) -> {
      LateBatched s = mode().create(LateBatched.class);
      List<Integer> results = race(kind, i -> s.batched(i));
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i)).isEqualTo(-i);
      }
      assertThat(s.batches).hasSize(kind.threads / LateBatched.BATCH)
          .allSatisfy(b -> assertThat(b).hasSize(LateBatched.BATCH));
      assertThat(s.mostBatchesAtOnce).hasValue(1);
    });
  }

  @Test
  void batchedFirstCallsShareOneBatcherThatRunsOneBatchAtATime() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      List<CompletableFuture<Integer>> futures = race(kind, i -> s.batched(i));
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get(LONG_SECONDS, TimeUnit.SECONDS)).isEqualTo(-i);
      }
      // A split batcher leaves partial batches waiting for maxWait (an hour): the gets time out.
      assertThat(s.batches).hasSize(kind.threads / ColdStartService.BATCH)
          .allSatisfy(b -> assertThat(b).hasSize(ColdStartService.BATCH));
      assertThat(s.mostBatchesAtOnce).hasValue(1);
    });
  }
}
