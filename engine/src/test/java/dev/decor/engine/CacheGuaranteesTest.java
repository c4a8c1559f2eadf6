package dev.decor.engine;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.cache.CacheStats;
import dev.decor.cache.Caches;
import dev.decor.fixtures.Await;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.fixtures.FlakyService;
import dev.decor.fixtures.Workers;
import dev.decor.spec.CachedSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The guarantees {@code @Cached} keeps for its in-flight entries (as Caffeine's {@code AsyncCache}
 * does for its futures), each under many threads: an in-flight computation is never evicted or expired, a failure is never served once
 * it has failed, self-recursion works, statistics stay exact, and array results are private.
 */
class CacheGuaranteesTest {
  private static final int THREADS = 16;
  private static final MethodKey DESCRIBE =
      MethodKey.of(CountingEmbedder.class, "describe", Object.class);
  private static final MethodKey EMBED =
      MethodKey.of(CountingEmbedder.class, "embed", float[].class);
  private static final MethodKey CALL_ASYNC =
      MethodKey.of(FlakyService.class, "callAsync", String.class);
  private static final AtomicInteger CACHES = new AtomicInteger();

  private String cacheName;

  private Chain cached(MethodKey key, int maxSize, String ttl) {
    cacheName = "CacheGuaranteesTest#" + CACHES.incrementAndGet();
    return Chains.of(key, CachedSpec.of(maxSize, ttl, cacheName));
  }

  /** A computation of "slow" that blocks until {@code finish} opens, counting its runs. */
  private static Object slow(Chain chain, Object self, AtomicInteger runs, CountDownLatch finish)
      throws Throwable {
    return chain.invoke(self, new Object[] {"slow"}, () -> {
      runs.incrementAndGet();
      finish.await();
      return "[slow]";
    });
  }

  /** Starts one thread computing "slow" and waits until it is inside the computation. */
  private static Workers<Object> computeSlowInBackground(Chain chain, Object self,
      AtomicInteger runs, CountDownLatch finish) throws InterruptedException {
    Workers<Object> first = Workers.start(1, i -> slow(chain, self, runs, finish)).release();
    Await.until("the first computation started", Duration.ofSeconds(30), () -> runs.get() == 1);
    return first;
  }

  /** {@code THREADS} callers of "slow", parked on the value in flight (or on the latch). */
  private static Workers<Object> slowCallers(Chain chain, Object self, AtomicInteger runs,
      CountDownLatch finish) throws InterruptedException {
    AtomicInteger entered = new AtomicInteger();
    Workers<Object> workers = Workers.start(THREADS, i -> {
      entered.incrementAndGet();
      return slow(chain, self, runs, finish);
    }).release();
    Await.until("all callers parked", Duration.ofSeconds(30),
        () -> entered.get() == THREADS && workers.threads().stream()
            .allMatch(t -> t.getState() == Thread.State.WAITING));
    return workers;
  }

  /**
   * {@code threads} threads each make {@code calls} calls of {@code describe(key(thread, i))},
   * checking every answer.
   */
  static void describeConcurrently(Chain chain, CountingEmbedder embedder, int threads,
      int calls, IntBinaryOperator key) throws InterruptedException {
    Workers.run(threads, t -> {
      for (int i = 0; i < calls; i++) {
        Integer k = key.applyAsInt(t, i);
        assertThat(chain.invoke(embedder, new Object[] {k}, () -> embedder.describe(k)))
            .isEqualTo("[" + k + "]");
      }
      return null;
    });
  }

  @Test
  void anInFlightComputationIsNeverEvictedEvenWithMaxSizeOne() throws Throwable {
    Chain chain = cached(DESCRIBE, 1, "");
    CountingEmbedder embedder = new CountingEmbedder();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch finish = new CountDownLatch(1);
    Workers<Object> first = computeSlowInBackground(chain, embedder, runs, finish);
    for (int i = 0; i < 50; i++) {
      Integer key = i;
      chain.invoke(embedder, new Object[] {key}, () -> embedder.describe(key));
    }
    assertThat(Caches.stats(cacheName).evictions()).as("the bound evicts finished entries")
        .isPositive();

    Workers<Object> callers = slowCallers(chain, embedder, runs, finish);
    finish.countDown();

    assertThat(callers.await()).hasSize(THREADS).containsOnly("[slow]");
    assertThat(first.await()).containsOnly("[slow]");
    assertThat(runs).as("single-flight with maxSize = 1").hasValue(1);
    CacheStats stats = Caches.stats(cacheName);
    assertThat(stats.hits() + stats.misses()).isEqualTo(50 + 1 + THREADS);
    assertThat(stats.misses()).isEqualTo(50 + 1);
  }

  @Test
  void anInFlightComputationOutlivesATtlShorterThanIt() throws Throwable {
    AtomicLong now = new AtomicLong();
    Decor engine = onItsOwnClock(now);
    Chain chain = engine.chain(DESCRIBE, CachedSpec.of(100, "20ms", "outlived"));
    CountingEmbedder embedder = new CountingEmbedder();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch finish = new CountDownLatch(1);
    Workers<Object> first = computeSlowInBackground(chain, embedder, runs, finish);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200)); // ten TTLs pass while it computes

    Workers<Object> callers = slowCallers(chain, embedder, runs, finish);
    finish.countDown();

    assertThat(callers.await()).hasSize(THREADS).containsOnly("[slow]");
    assertThat(first.await()).containsOnly("[slow]");
    assertThat(runs).as("single-flight with a TTL shorter than the computation").hasValue(1);
    assertThat(engine.cacheStats("outlived").misses()).isEqualTo(1);
  }

  /**
   * An engine reading time from {@code now}, whose cache maintenance runs on the thread that
   * needs it: nothing reads the clock later, on another thread, after a test has moved it on.
   */
  private static Decor onItsOwnClock(AtomicLong now) {
    return Decor.builder().nanoTime(now::get).executor(Runnable::run).build();
  }

  @Test
  void theTtlCountsFromTheEndOfTheComputationOnTheEnginesClock() throws Throwable {
    AtomicLong now = new AtomicLong();
    Decor engine = onItsOwnClock(now);
    Chain chain = engine.chain(DESCRIBE, CachedSpec.of(10, "1s", "ttl"));
    AtomicInteger runs = new AtomicInteger();
    Invocation slowBody = () -> {
      runs.incrementAndGet();
      now.addAndGet(TimeUnit.SECONDS.toNanos(5));
      return "v";
    };
    assertThat(chain.invoke(null, new Object[] {"k"}, slowBody)).isEqualTo("v");
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(900));
    assertThat(chain.invoke(null, new Object[] {"k"}, slowBody)).isEqualTo("v");
    assertThat(runs).as("stored when done, 5 s after it started").hasValue(1);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
    chain.invoke(null, new Object[] {"k"}, slowBody);
    assertThat(runs).as("expired 1 s after it was stored").hasValue(2);
    assertThat(engine.cacheStats("ttl")).isEqualTo(new CacheStats(1, 2, 1, 1, 10));
  }

  @Test
  void aFailedFutureIsNeverServedOnceItHasFailed() throws Throwable {
    Chain chain = cached(CALL_ASYNC, 10, "");
    CompletableFuture<String> pending = new CompletableFuture<>();
    chain.invoke(null, new Object[] {"a"}, () -> pending);
    // Hold the thread that fails the future inside a callback, so the failure is visible to
    // callers before anything that runs after it (as with a busy executor).
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    pending.whenComplete((v, t) -> {
      holding.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Workers<Boolean> failer = Workers.start(1, i ->
        pending.completeExceptionally(new IllegalStateException("load failed"))).release();
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pending).isCompletedExceptionally();

    AtomicInteger loads = new AtomicInteger();
    List<Object> answers = Workers.run(20, i -> {
      CompletableFuture<?> f = (CompletableFuture<?>) chain.invoke(null, new Object[] {"a"}, () -> {
        loads.incrementAndGet();
        return CompletableFuture.completedFuture("fresh");
      });
      return f.handle((v, t) -> t == null ? v : "failure served: " + t).join();
    });
    release.countDown();
    failer.await();

    assertThat(answers).as("20 calls right after a failed load").containsOnly("fresh");
    assertThat(loads).hasValue(1);
  }

  @Test
  void waitersOfAFailingAsyncLoadGetTheFailureUnwrappedAndItIsNotKept() throws Throwable {
    Chain chain = cached(CALL_ASYNC, 10, "");
    CompletableFuture<String> pending = new CompletableFuture<>();
    IllegalStateException failure = new IllegalStateException("load failed");
    CompletableFuture<?> first = (CompletableFuture<?>) chain.invoke(null, new Object[] {"a"},
        () -> pending);
    List<CompletableFuture<?>> waiters = Workers.run(THREADS, i ->
        (CompletableFuture<?>) chain.invoke(null, new Object[] {"a"}, () -> {
          throw new AssertionError("in flight: must not run again");
        }));
    pending.completeExceptionally(failure);
    for (CompletableFuture<?> f : waiters) {
      assertThat(f.handle((v, t) -> t)).succeedsWithin(Duration.ofSeconds(5))
          .isSameAs(failure);
    }
    assertThat(first.handle((v, t) -> t)).succeedsWithin(Duration.ofSeconds(5)).isSameAs(failure);
    assertThat(Caches.stats(cacheName).size()).isZero();
  }

  @Test
  void aMethodReachingItsOwnKeyOnManyThreadsComputesItUncachedWithoutDeadlock()
      throws Throwable {
    Chain chain = cached(DESCRIBE, 100, "");
    CountingEmbedder embedder = new CountingEmbedder();
    AtomicInteger runs = new AtomicInteger();
    Invocation[] body = new Invocation[1];
    ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);
    body[0] = () -> {
      runs.incrementAndGet();
      int d = depth.get();
      if (d == 1) {
        return "inner";
      }
      depth.set(d + 1);
      try {
        return "outer(" + chain.invoke(embedder, new Object[] {"self"}, body[0]) + ")";
      } finally {
        depth.set(d);
      }
    };
    List<Object> answers = Workers.run(THREADS,
        i -> chain.invoke(embedder, new Object[] {"self"}, body[0]));
    assertThat(answers).containsOnly("outer(inner)");
    assertThat(runs).as("one outer computation, one uncached inner one").hasValue(2);
    CacheStats stats = Caches.stats(cacheName);
    assertThat(stats.hits() + stats.misses()).isEqualTo(THREADS + 1);
    assertThat(stats.misses()).isEqualTo(2);
  }

  @Test
  void statisticsStayExactWithMaxSizeOneAndAShortTtl() throws Throwable {
    int threads = 8;
    int calls = 1_000;
    Chain chain = cached(DESCRIBE, 1, "1ms");
    CountingEmbedder embedder = new CountingEmbedder();
    describeConcurrently(chain, embedder, threads, calls, (t, i) -> (i + t) % 3);
    CacheStats stats = Caches.stats(cacheName);
    assertThat(stats.hits() + stats.misses()).isEqualTo((long) threads * calls);
    assertThat(stats.misses()).isEqualTo(embedder.calls());
    assertThat(stats.size()).isLessThanOrEqualTo(1);
  }

  @Test
  void everyCallerGetsItsOwnCopyOfAnArrayResult() throws Throwable {
    Chain chain = cached(EMBED, 10, "");
    CountingEmbedder embedder = new CountingEmbedder();
    float[] input = {1f, 2f};
    float[] a = (float[]) chain.invoke(embedder, new Object[] {input}, () -> embedder.embed(input));
    float[] expected = a.clone();
    a[0] = -999f;
    float[] b = (float[]) chain.invoke(embedder, new Object[] {input}, () -> embedder.embed(input));
    assertThat(b).as("caller A's mutation does not reach caller B").containsExactly(expected);
    b[1] = -999f;

    List<float[]> copies = Workers.run(THREADS, i -> {
      float[] mine = (float[]) chain.invoke(embedder, new Object[] {input},
          () -> embedder.embed(input));
      float[] seen = mine.clone();
      mine[0] = i;
      return seen;
    });
    assertThat(copies).allSatisfy(c -> assertThat(c).containsExactly(expected));
    assertThat(embedder.calls()).isEqualTo(1);
  }

  @Test
  void objectArrayResultsAreCopiedShallowly() throws Throwable {
    MethodKey key = MethodKey.named("names", String[].class);
    Chain chain = cached(key, 10, "");
    String[] a = (String[]) chain.invoke(null, new Object[] {1}, () -> new String[] {"x", "y"});
    a[0] = "changed";
    String[] b = (String[]) chain.invoke(null, new Object[] {1}, () -> null);
    assertThat(b).containsExactly("x", "y").isNotSameAs(a);
  }

  @Test
  void anAsyncArrayResultReachesEachCallerAsItsOwnCopy() throws Throwable {
    MethodKey key = MethodKey.named("embedAsync", CompletableFuture.class);
    Chain chain = cached(key, 10, "");
    CompletableFuture<?> first = (CompletableFuture<?>) chain.invoke(null, new Object[] {1},
        () -> CompletableFuture.completedFuture(new int[] {1, 2}));
    ((int[]) first.join())[0] = -1;
    CompletableFuture<?> second = (CompletableFuture<?>) chain.invoke(null, new Object[] {1},
        () -> null);
    assertThat((int[]) second.join()).containsExactly(1, 2);
  }
}
