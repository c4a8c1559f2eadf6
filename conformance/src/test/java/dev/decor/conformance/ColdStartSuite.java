package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.DeadlineExceededException;
import dev.decor.batch.BatchPriority;
import dev.decor.conformance.woven.LateBatched;
import dev.decor.engine.Decor;
import dev.decor.grad.GradMode;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.limit.LimitStats;
import dev.decor.retry.Retries;
import dev.decor.spec.CachedSpec;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Cold start, in every {@link Mode}: many threads, released together by a latch, make the first
 * calls of a method on an engine that has never run it — for every decorator, on platform threads
 * and (Java 21+) on virtual threads. Each round starts on a global engine of its own, so the
 * chain binds to it under the race; the first round of a JVM is also the method's first call at
 * all. What is asserted is what a user relies on: one cache entry computed once, one batcher
 * (one batch at a time, each full), every retry and every timing counted exactly, grad mode
 * right inside every call and restored after it, one concurrency limit admitting its permits'
 * worth, one circuit breaker counting every failure, every fallback answered and every hung call
 * cut at its timeout.
 */
abstract class ColdStartSuite {
  private static final long LONG_SECONDS = 30;

  abstract Mode mode();

  /** How the racing threads are started. */
  private enum Kind {
    PLATFORM(ColdStartService.PLATFORM_CALLERS),
    VIRTUAL(ColdStartService.VIRTUAL_CALLERS);

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
    return Race.start(kind, call).results();
  }

  /** A {@link #race} under way: its threads were released together and may still be running. */
  private static final class Race<T> {
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReferenceArray<Object> outcomes;

    private Race(int n) {
      outcomes = new AtomicReferenceArray<>(n);
    }

    static <T> Race<T> start(Kind kind, IndexedCall<T> call) throws InterruptedException {
      int n = kind.threads;
      Race<T> race = new Race<>(n);
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < n; i++) {
        int index = i;
        race.threads.add(kind.start(() -> {
          ready.countDown();
          try {
            go.await();
            race.outcomes.set(index, new Object[] {call.call(index)});
          } catch (Throwable t) {
            race.outcomes.set(index, t);
          }
        }));
      }
      assertThat(ready.await(LONG_SECONDS, TimeUnit.SECONDS)).as("threads started").isTrue();
      go.countDown();
      return race;
    }

    /** Waits for every thread; the results by index. */
    List<T> results() throws InterruptedException {
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(LONG_SECONDS));
        assertThat(t.isAlive()).as("%s finished", t).isFalse();
      }
      List<T> results = new ArrayList<>();
      for (int i = 0; i < threads.size(); i++) {
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
  }

  /** Waits, up to {@code LONG_SECONDS}, until {@code condition} holds. */
  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LONG_SECONDS);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what).isNegative();
      Thread.sleep(1); // polling for a state that must come, not waiting before a negative check
    }
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

  /**
   * Every first caller of a method with the scheduler's attributes, half of them at priority 1,
   * goes through one batcher that keeps them: a second batcher would leave a remainder short of
   * the preferred size, dispatched near its deadline at another size.
   */
  @Test
  void scheduledFirstCallsShareOneBatcherWithItsDeadlinesPrioritiesCostAndPreferredSize()
      throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      List<Integer> results = race(kind, i -> {
        try (BatchPriority.Scope p = BatchPriority.of(i % 2)) {
          return s.scheduled(i);
        }
      });
      List<Integer> seen = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i)).isEqualTo(-i);
      }
      s.scheduledBatches.forEach(seen::addAll);
      assertThat(seen).hasSize(kind.threads).doesNotHaveDuplicates();
      assertThat(s.scheduledBatches).allSatisfy(b -> assertThat(b.size())
          .isIn(ColdStartService.PREFERRED, ColdStartService.MAX_COST));
      assertThat(s.mostBatchesAtOnce).hasValue(1);
      assertThat(meters.find("decor.batch.deadline.drops")
          .tag("name", "ColdStartService.scheduled").counters())
          .isNotEmpty().allSatisfy(c -> assertThat(c.count()).isZero());
    });
  }

  /**
   * Every first caller of a {@code @ConcurrencyLimit} method goes through one limit: with the
   * admitted held inside, exactly {@code LIMIT} run and all the others wait for a permit (a limit
   * of their own would let them in), and all are answered once the first leave.
   */
  @Test
  void concurrencyLimitFirstCallsShareOneLimit() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      String name = "ColdStartService.limited";
      int limit = ColdStartService.LIMIT;
      Race<Integer> race = Race.start(kind, s::limited);
      awaitTrue(() -> s.limitedInside.get() == limit && engine.limitStats(name)
              .map(stats -> stats.waiting() == kind.threads - limit).orElse(false),
          limit + " callers inside and the others waiting for a permit");
      assertThat(engine.limitStats(name)).contains(
          new LimitStats(limit, limit, kind.threads - limit, 0));
      assertThat(s.mostLimitedAtOnce).hasValue(limit);

      s.limitedGate.countDown();
      List<Integer> results = race.results();
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i)).isEqualTo(i);
      }
      assertThat(s.mostLimitedAtOnce).hasValue(limit);
      assertThat(engine.limitStats(name)).contains(new LimitStats(limit, 0, 0, 0));
    });
  }

  /**
   * Every first caller of a {@code @CircuitBreaker} method is counted by one breaker: its window
   * is exactly the number of callers, so it judges, and opens, only if one breaker saw them all.
   * Each caller gets its own failure as thrown; the next call is refused without running.
   */
  @Test
  void circuitBreakerFirstCallsShareOneBreaker() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      boolean platform = kind == Kind.PLATFORM;
      IndexedCall<String> call = platform ? s::breakerOf16 : s::breakerOf64;
      String name = "ColdStartService." + (platform ? "breakerOf16" : "breakerOf64");
      List<Throwable> failures = race(kind, i -> {
        try {
          return new AssertionError("answered " + call.call(i));
        } catch (IOException e) {
          return e;
        }
      });
      for (int i = 0; i < failures.size(); i++) {
        assertThat(failures.get(i)).isExactlyInstanceOf(IOException.class)
            .hasMessage("down for " + i);
      }
      CircuitBreaker breaker = engine.circuitBreaker(name).orElseThrow();
      assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(kind.threads);
      assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

      assertThatThrownBy(() -> call.call(-1)).isInstanceOf(CallNotPermittedException.class);
      assertThat(s.breakerRuns).hasValue(kind.threads);
    });
  }

  @Test
  void fallbackAnswersEveryFirstCallAndCountsIt() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      List<String> results = race(kind, i -> s.withFallback("k" + i));
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i)).isEqualTo("stale:k" + i);
      }
      assertThat(s.fallbackRuns).hasValue(kind.threads);
      assertThat(meters.get("decor.fallback.calls").tag("name", "ColdStartService.withFallback")
          .tag("exception", "IOException").counter().count()).isEqualTo(kind.threads);
    });
  }

  /**
   * Every hung first call is cut at its timeout: the caller gets the timeout's message no sooner
   * than its deadline, with its interrupt flag clear, and the body was interrupted and left.
   */
  @Test
  void timeoutCutsEveryHungFirstCallAtItsDeadline() throws Exception {
    eachKind((kind, engine, meters) -> {
      ColdStartService s = mode().create(ColdStartService.class);
      List<List<Object>> outcomes = race(kind, i -> {
        long start = System.nanoTime();
        try {
          return List.<Object>of("returned " + s.hung(i));
        } catch (DeadlineExceededException e) {
          return List.<Object>of(e.getMessage(), System.nanoTime() - start,
              Thread.currentThread().isInterrupted());
        }
      });
      for (List<Object> outcome : outcomes) {
        assertThat(outcome.get(0)).isEqualTo(Messages.timeout("ColdStartService.hung", "100ms"));
        assertThat((long) outcome.get(1))
            .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(outcome.get(2)).as("caller's interrupt flag").isEqualTo(false);
      }
      assertThat(s.hungInterrupted).hasValue(kind.threads);
      assertThat(s.hungEnded).hasValue(kind.threads);
      assertThat(meters.get("decor.timeout.timeouts").tag("name", "ColdStartService.hung")
          .counter().count()).isEqualTo(kind.threads);
    });
  }
}
