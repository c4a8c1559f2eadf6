package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.config.DecoratedMethod;
import dev.decor.config.Source;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.internal.Messages;
import dev.decor.limit.LimitStats;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.Order;
import dev.decor.batch.Batcher;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Decor#tune}: a concurrency limit resized while many platform or virtual threads call
 * through it never admits more than its largest value and loses no permit; batchers re-sized while
 * items pour in answer every item once, with the new size from the next batch; a breaker takes new
 * thresholds; what cannot change live says so.
 */
class LiveTuningTest {
  private final Decor engine = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
  private final List<ExecutorService> executors = new ArrayList<>();

  @AfterEach
  void close() {
    executors.forEach(ExecutorService::shutdownNow);
    engine.close();
  }

  private ExecutorService platform(int threads) {
    ExecutorService e = Executors.newFixedThreadPool(threads);
    executors.add(e);
    return e;
  }

  private ExecutorService virtual() {
    ExecutorService e = VirtualThreads21.executor();
    executors.add(e);
    return e;
  }

  @Test
  void aLimitResizedUnderPlatformThreadsNeverOverAdmitsAndLosesNoPermit() throws Exception {
    limitResizedUnderLoad(platform(32), "Tune.platform");
  }

  @Test
  void aLimitResizedUnderVirtualThreadsNeverOverAdmitsAndLosesNoPermit() throws Exception {
    limitResizedUnderLoad(virtual(), "Tune.virtual");
  }

  private void limitResizedUnderLoad(ExecutorService callers, String group) throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    Supplier<Integer> work = engine.decorate(group + "Work")
        .concurrencyLimit(c -> c.value(4).maxWait("30s").group(group))
        .supplier(() -> {
          int now = inside.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
          LockSupport.parkNanos(20_000);
          inside.decrementAndGet();
          return now;
        });
    CountDownLatch holding = new CountDownLatch(1);
    Supplier<Integer> probe = engine.decorate(group + "Probe")
        .concurrencyLimit(c -> c.value(4).maxWait("0ms").group(group))
        .supplier(() -> 0);

    int threads = 64;
    int callsEach = 300;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      running.add(callers.submit(() -> {
        start.await();
        for (int i = 0; i < callsEach; i++) {
          work.get();
          done.incrementAndGet();
        }
        return null;
      }));
    }
    start.countDown(); // a cold start: every thread's first call at once
    int[] values = {1, 8, 2, 6, 3, 7, 1, 5};
    long total = (long) threads * callsEach;
    for (int i = 0; done.get() < total && i < 200; i++) {
      long before = done.get();
      engine.tune("decor.limits." + group + ".value", values[i % values.length]);
      while (done.get() < Math.min(total, before + 100)) {
        Thread.onSpinWait();
      }
    }
    engine.tune("decor.limits." + group + ".value", 3);
    for (Future<?> f : running) {
      f.get(60, TimeUnit.SECONDS);
    }

    assertThat(done.get()).isEqualTo(total);
    assertThat(peak.get()).isLessThanOrEqualTo(8);
    LimitStats stats = engine.limitStats(group).orElseThrow();
    assertThat(stats.limit()).isEqualTo(3);
    assertThat(stats.active()).isZero();
    assertThat(stats.rejected()).isZero();

    // Exactly 3 permits are left: 3 holders get in, and a fourth caller finds none free.
    List<Future<?>> holders = new ArrayList<>();
    CountDownLatch in = new CountDownLatch(3);
    Supplier<Integer> hold = engine.decorate(group + "Hold")
        .concurrencyLimit(c -> c.value(4).maxWait("30s").group(group))
        .supplier(() -> {
          in.countDown();
          try {
            holding.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 1;
        });
    ExecutorService holderThreads = platform(3);
    for (int i = 0; i < 3; i++) {
      holders.add(holderThreads.submit(hold::get));
    }
    assertThat(in.await(30, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(probe::get).isInstanceOf(RejectedExecutionException.class);
    holding.countDown();
    for (Future<?> f : holders) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertThat(probe.get()).isZero();
  }

  @Test
  void batchersResizedUnderLoadAnswerEveryItemOnceAndTheNextBatchesTakeTheNewSize()
      throws Exception {
    Map<Integer, Integer> seen = new ConcurrentHashMap<>();
    List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
    Batcher<Integer, Integer> doubler = engine.batch("Tune.double",
        BatchedSpec.builder().maxSize(4).maxWait("1ms").maxConcurrency(2).queueCapacity(100_000)
            .build(),
        items -> {
          sizes.add(items.size());
          List<Integer> out = new ArrayList<>(items.size());
          for (int item : items) {
            seen.merge(item, 1, Integer::sum);
            out.add(item * 2);
          }
          return out;
        });
    ExecutorService callers = platform(16);
    int perThread = 1_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<CompletableFuture<Integer>>>> submitted = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int base = t * perThread;
      submitted.add(callers.submit(() -> {
        start.await();
        List<CompletableFuture<Integer>> mine = new ArrayList<>(perThread);
        for (int i = 0; i < perThread; i++) {
          mine.add(doubler.submit(base + i));
          if (i % 64 == 0) {
            doubler.apply(-1 - base - i); // a synchronous caller now and then
          }
        }
        return mine;
      }));
    }
    start.countDown();
    int[] maxSizes = {1, 16, 3, 8, 32};
    String[] waits = {"0ms", "2ms", "500us", "1ms"};
    for (int i = 0; i < 20; i++) {
      engine.tune("decor.batches.Tune.double.maxSize", maxSizes[i % maxSizes.length]);
      engine.tune("decor.batches.Tune.double.maxWait", waits[i % waits.length]);
      Thread.yield();
    }
    int answered = 0;
    for (Future<List<CompletableFuture<Integer>>> f : submitted) {
      for (CompletableFuture<Integer> item : f.get(60, TimeUnit.SECONDS)) {
        item.get(60, TimeUnit.SECONDS);
        answered++;
      }
    }
    int syncCalls = 16 * ((perThread + 63) / 64);
    assertThat(answered).isEqualTo(16 * perThread);
    assertThat(seen).hasSize(16 * perThread + syncCalls);
    assertThat(seen.values()).containsOnly(1);
    assertThat(sizes).allMatch(n -> n <= 32);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(16 * perThread + syncCalls);

    // From the next batch on: 100 items queued at once against maxSize 2 and a long wait.
    engine.tune("decor.batches.Tune.double.maxSize", 2);
    engine.tune("decor.batches.Tune.double.maxWait", Duration.ofMillis(50));
    sizes.clear();
    List<CompletableFuture<Integer>> wave = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      wave.add(doubler.submit(100_000 + i));
    }
    for (int i = 0; i < 100; i++) {
      assertThat(wave.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(2 * (100_000 + i));
    }
    assertThat(sizes).allMatch(n -> n <= 2);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);

    DecoratedMethod report = engine.methods().stream()
        .filter(m -> m.name().equals("Tune.double")).findFirst().orElseThrow();
    assertThat(report.decorator(Order.BATCHED).orElseThrow().setting("maxWait").orElseThrow())
        .isEqualTo(new DecoratedMethod.Setting("maxWait", "50ms", Source.LIVE, ""));
  }

  @Test
  void aBreakerTakesNewThresholdsFromTheNextCall() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<Integer> flaky = engine.decorate("Tune.breaker")
        .circuitBreaker(c -> c.failureRate(50).window(4))
        .supplier(() -> {
          if (calls.incrementAndGet() % 2 == 0) {
            throw new IllegalStateException("even");
          }
          return calls.get();
        });
    engine.tune("decor.breakers.Tune.breaker.failureRate", "100");
    for (int i = 0; i < 4; i++) {
      try {
        flaky.get();
      } catch (IllegalStateException expected) {
        // half of them
      }
    }

    CircuitBreaker breaker = engine.circuitBreaker("Tune.breaker").orElseThrow();
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(100f);
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
  }

  @Test
  void whatCannotChangeLiveSaysSo() {
    engine.decorate("Tune.limited").concurrencyLimit(2).supplier(() -> 1);

    assertThatThrownBy(() -> engine.tune("decor.limits.Tune.limited.maxWait", "1s"))
        .hasMessageStartingWith("[decor/Tune] 'decor.limits.Tune.limited.maxWait' cannot change");
    assertThatThrownBy(() -> engine.tune("decor.methods.Tune.limited.concurrency-limit.value", 3))
        .hasMessageStartingWith("[decor/Tune]");
    assertThatThrownBy(() -> engine.tune("decor.limits.Tune.missing.value", 3))
        .hasMessage(Messages.tuneUnknown("limit", "Tune.missing", "Tune.limited"));
    assertThatThrownBy(() -> engine.tune("decor.limits.Tune.limited.value", 0))
        .hasMessageContaining(
            dev.decor.spec.ConcurrencyLimitSpec.checkValue(0));
  }
}
