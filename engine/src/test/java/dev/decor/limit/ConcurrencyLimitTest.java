package dev.decor.limit;

import static dev.decor.fixtures.Calls.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.fixtures.Await;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.ConcurrencyLimitSpec;
import dev.decor.spec.TimeoutSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @ConcurrencyLimit} on the engine: never more than {@code value} executions at once, a
 * crowd shed within {@code maxWait} while the admitted calls succeed, first come first served,
 * groups shared across methods (one value per group), meters, stages holding their permit, and
 * virtual threads waiting without pinning their carriers.
 */
class ConcurrencyLimitTest {
  private static final MethodKey FORWARD = MethodKey.of(Gpu.class, "forward", float[].class);
  private static final MethodKey EMBED = MethodKey.of(Gpu.class, "embed", String.class);
  private static final MethodKey ASYNC = MethodKey.of(Gpu.class, "forwardAsync", float[].class);

  /** The methods whose keys the chains use; each call's body is a lambda. */
  static class Gpu {
    float[] forward(float[] x) {
      return x;
    }

    float[] embed(String text) {
      return new float[0];
    }

    CompletableFuture<float[]> forwardAsync(float[] x) {
      return CompletableFuture.completedFuture(x);
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Decor decor = Decor.builder().meterRegistry(registry).build();
  private ExecutorService executor;

  @AfterEach
  void tearDown() {
    Thread.interrupted();
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private Chain chain(MethodKey key, int value, String maxWait, String group) {
    return decor.chain(key, ConcurrencyLimitSpec.builder().value(value).maxWait(maxWait)
        .group(group).build());
  }

  /**
   * Calls {@code chain} on a new thread whose body holds its permit until {@code release}; returns
   * once the body runs, with the call's future (its result is {@code "holder"}).
   */
  private Future<Object> holdOnePermit(Chain chain, CountDownLatch release) throws Exception {
    executor = Executors.newCachedThreadPool();
    CountDownLatch holding = new CountDownLatch(1);
    Future<Object> holder = executor.submit(() -> invoke(chain, () -> {
      holding.countDown();
      release.await();
      return "holder";
    }));
    holding.await();
    return holder;
  }

  /**
   * 200 callers at once on a limit of 2 with {@code maxWait = "20ms"}: the two admitted hold their
   * permits until every other caller has been shed, each within about {@code maxWait}; then the two
   * finish and succeed. Never more than two run at once.
   */
  private void twoHundredCallersOnALimitOfTwo(ExecutorService threads) throws Exception {
    Chain chain = chain(FORWARD, 2, "20ms", "");
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CountDownLatch finish = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    List<Long> shedAfter = new CopyOnWriteArrayList<>();
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(threads.submit(() -> {
        go.await();
        long start = System.nanoTime();
        try {
          return (String) invoke(chain, () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              finish.await();
            } finally {
              running.decrementAndGet();
            }
            return "admitted";
          });
        } catch (RejectedExecutionException e) {
          shedAfter.add(System.nanoTime() - start);
          assertThat(e).hasMessage(Messages.concurrencyLimitRejected(
              "Gpu.forward", "'Gpu.forward'", 2, "20ms"));
          return "shed";
        }
      }));
    }
    go.countDown();
    Await.until("198 callers shed", Duration.ofSeconds(60), () -> shedAfter.size() == 198);
    assertThat(decor.limitStats("Gpu.forward").orElseThrow())
        .isEqualTo(new LimitStats(2, 2, 0, 198));
    finish.countDown();

    List<String> outcomes = new ArrayList<>();
    for (Future<String> call : calls) {
      outcomes.add(call.get(60, TimeUnit.SECONDS));
    }
    assertThat(outcomes).filteredOn("admitted"::equals).hasSize(2);
    assertThat(outcomes).filteredOn("shed"::equals).hasSize(198);
    assertThat(mostAtOnce).hasValue(2);
    // Shed within maxWait (plus the scheduling of 200 threads on a small, busy machine): no
    // caller waited for the admitted calls to finish.
    assertThat(shedAfter).allSatisfy(nanos -> assertThat(nanos)
        .isLessThan(TimeUnit.SECONDS.toNanos(5)));
    assertThat(registry.get("decor.limit.rejected").tag("name", "Gpu.forward").counter().count())
        .isEqualTo(198);
    assertThat(registry.get("decor.limit.active").tag("name", "Gpu.forward").gauge().value())
        .isZero();
  }

  @Test
  void twoHundredPlatformThreadsOnALimitOfTwoAreShedWithinMaxWaitAndTheAdmittedSucceed()
      throws Exception {
    executor = Executors.newFixedThreadPool(200);
    twoHundredCallersOnALimitOfTwo(executor);
  }

  @Test
  void twoHundredVirtualThreadsOnALimitOfTwoAreShedWithinMaxWaitAndTheAdmittedSucceed()
      throws Exception {
    executor = VirtualThreads21.executor();
    twoHundredCallersOnALimitOfTwo(executor);
  }

  /**
   * Engines often share a registry (each one's default is {@code Metrics.globalRegistry}): the
   * gauges read the limit of the engine that registered them last, not the first engine's.
   */
  @Test
  void itsGaugesFollowTheLatestEngineSharingTheRegistry() throws Exception {
    chain(FORWARD, 2, "30s", "");
    Decor second = Decor.builder().meterRegistry(registry).build();
    Chain chain = second.chain(FORWARD,
        ConcurrencyLimitSpec.builder().value(2).maxWait("30s").build());
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> holder = holdOnePermit(chain, release);
    try {
      assertThat(registry.get("decor.limit.active").tag("name", "Gpu.forward").gauge().value())
          .isEqualTo(1.0);
      assertThat(registry.find("decor.limit.active").gauges()).hasSize(1);
    } finally {
      release.countDown();
    }
    assertThat(holder.get(60, TimeUnit.SECONDS)).isEqualTo("holder");
    assertThat(registry.get("decor.limit.active").tag("name", "Gpu.forward").gauge().value())
        .isZero();
  }

  @Test
  void waitersArePermittedFirstComeFirstServed() throws Exception {
    Chain chain = chain(FORWARD, 1, "30s", "");
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> holder = holdOnePermit(chain, release);
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Future<Object>> waiters = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int index = i;
      waiters.add(executor.submit(() -> invoke(chain, () -> order.add(index))));
      int queued = i + 1;
      Await.until(queued + " waiting", Duration.ofSeconds(30),
          () -> decor.limitStats("Gpu.forward").orElseThrow().waiting() == queued);
    }
    release.countDown();

    assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("holder");
    for (Future<Object> waiter : waiters) {
      waiter.get(30, TimeUnit.SECONDS);
    }
    assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void methodsOfOneGroupShareItsPermits() throws Exception {
    Chain forward = chain(FORWARD, 1, "0ms", "gpu");
    Chain embed = chain(EMBED, 1, "0ms", "gpu");
    executor = Executors.newSingleThreadExecutor();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> holder = executor.submit(() -> invoke(forward, () -> {
      holding.countDown();
      release.await();
      return "forward";
    }));
    holding.await();

    assertThatThrownBy(() -> invoke(embed, () -> "embed"))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessage(Messages.concurrencyLimitRejected("Gpu.embed", "group 'gpu'", 1, "0ms"));
    release.countDown();
    assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("forward");
    assertThat(invoke(embed, () -> "embed")).isEqualTo("embed");
    assertThat(decor.limitStats("gpu").orElseThrow().rejected()).isEqualTo(1);
  }

  @Test
  void twoMethodsGivingOneGroupDifferentValuesIsAnError() {
    chain(FORWARD, 2, "0ms", "gpu");

    assertThatThrownBy(() -> chain(EMBED, 4, "0ms", "gpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.concurrencyLimitGroup("gpu", "Gpu.embed(String)", 4,
            "Gpu.forward(float[])", 2));
    // Another engine has groups of its own.
    Decor other = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
    assertThat(other.chain(EMBED, ConcurrencyLimitSpec.builder().value(4).group("gpu").build()))
        .isNotNull();
  }

  @Test
  void rejectionsAreCountedInTheRegistryBoundWhenTheyHappen() throws Exception {
    Chain chain = chain(FORWARD, 1, "0ms", "");
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> holder = holdOnePermit(chain, release);
    assertThatThrownBy(() -> invoke(chain, () -> null))
        .isInstanceOf(RejectedExecutionException.class);
    SimpleMeterRegistry rebound = new SimpleMeterRegistry();
    decor.bindTo(rebound);
    assertThatThrownBy(() -> invoke(chain, () -> null))
        .isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> invoke(chain, () -> null))
        .isInstanceOf(RejectedExecutionException.class);
    release.countDown();
    holder.get(30, TimeUnit.SECONDS);

    assertThat(registry.get("decor.limit.rejected").tag("name", "Gpu.forward").counter().count())
        .isEqualTo(1);
    assertThat(rebound.get("decor.limit.rejected").tag("name", "Gpu.forward").counter().count())
        .isEqualTo(2);
  }

  @Test
  void anInterruptedWaiterIsRejectedWithTheFlagSet() throws Exception {
    Chain chain = chain(FORWARD, 1, "30s", "");
    CountDownLatch release = new CountDownLatch(1);
    holdOnePermit(chain, release);
    AtomicInteger ran = new AtomicInteger();
    CompletableFuture<Object[]> waiter = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        invoke(chain, ran::incrementAndGet);
        waiter.complete(new Object[] {null, false});
      } catch (Throwable e) {
        waiter.complete(new Object[] {e, Thread.currentThread().isInterrupted()});
      }
    });
    t.start();
    Await.until("one waiting", Duration.ofSeconds(30),
        () -> decor.limitStats("Gpu.forward").orElseThrow().waiting() == 1);
    t.interrupt();

    Object[] outcome = waiter.get(30, TimeUnit.SECONDS);
    assertThat((Throwable) outcome[0]).isInstanceOf(RejectedExecutionException.class)
        .hasMessage(Messages.concurrencyLimitInterrupted("Gpu.forward", "'Gpu.forward'"))
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat((boolean) outcome[1]).as("interrupt flag").isTrue();
    assertThat(ran).hasValue(0);
    release.countDown();
  }

  @Test
  void aTimeoutAroundTheLimitCoversTheWaitForAPermit() throws Exception {
    Chain holder = chain(FORWARD, 1, "30s", "");
    Chain bounded = decor.chain(FORWARD, TimeoutSpec.of("50ms"),
        ConcurrencyLimitSpec.builder().value(1).maxWait("30s").build());
    executor = Executors.newCachedThreadPool();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    executor.submit(() -> invoke(holder, () -> {
      holding.countDown();
      release.await();
      return null;
    }));
    holding.await();

    assertThatThrownBy(() -> invoke(bounded, () -> "never"))
        .isInstanceOf(dev.decor.DeadlineExceededException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
            .isInstanceOf(RejectedExecutionException.class));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    release.countDown();
  }

  @Test
  void aStageHoldsItsPermitUntilItCompletesAndARejectionIsAFailedStage() throws Throwable {
    Chain chain = chain(ASYNC, 1, "0ms", "");
    CompletableFuture<float[]> source = new CompletableFuture<>();

    CompletableFuture<?> first = (CompletableFuture<?>) chain.invoke(null, () -> source);
    CompletableFuture<?> second =
        (CompletableFuture<?>) chain.invoke(null, () -> CompletableFuture.completedFuture(null));

    assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(RejectedExecutionException.class);
    assertThat(decor.limitStats("Gpu.forwardAsync").orElseThrow().active()).isEqualTo(1);
    source.complete(new float[] {1f});
    // The caller's stage completes after the release: its callback finds the permit free.
    Object next = first.thenCompose(v -> {
      try {
        return (CompletableFuture<?>) chain.invoke(null,
            () -> CompletableFuture.completedFuture("again"));
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }).get(10, TimeUnit.SECONDS);
    assertThat(next).isEqualTo("again");
  }

  /**
   * Waiting virtual threads must not pin their carriers: 64 of them wait on a limit of 1 (far more
   * than there are carriers) while the holder, a virtual thread too, still needs a carrier to
   * finish. Were the waiters pinned, the holder could never run again and nobody would finish.
   */
  @Test
  void waitingVirtualThreadsLeaveTheirCarriersFree() throws Exception {
    executor = VirtualThreads21.executor();
    Chain chain = chain(FORWARD, 1, "60s", "");
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> holder = executor.submit(() -> invoke(chain, () -> {
      holding.countDown();
      release.await(); // parks, then needs a carrier again to return
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return "holder";
    }));
    holding.await();
    List<Future<Object>> waiters = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      waiters.add(executor.submit(() -> invoke(chain, () -> "waiter")));
    }
    Await.until("64 waiting", Duration.ofSeconds(30),
        () -> decor.limitStats("Gpu.forward").orElseThrow().waiting() == 64);
    release.countDown();

    assertThat(holder.get(60, TimeUnit.SECONDS)).isEqualTo("holder");
    for (Future<Object> waiter : waiters) {
      assertThat(waiter.get(60, TimeUnit.SECONDS)).isEqualTo("waiter");
    }
  }

  /** A cold start: 100 threads build and call the same group's chain at once; one limit serves all. */
  @Test
  void aColdStartOfManyThreadsMakesOneLimitPerGroup() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<Object> outcomes = dev.decor.fixtures.Workers.run(100, i -> {
      Chain chain = chain(i % 2 == 0 ? FORWARD : EMBED, 3, "30s", "cold");
      return invoke(chain, () -> {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        Thread.yield();
        running.decrementAndGet();
        return "ok";
      });
    });

    assertThat(outcomes).hasSize(100).containsOnly("ok");
    assertThat(mostAtOnce.get()).isBetween(1, 3);
    assertThat(decor.limitStats("cold").orElseThrow()).isEqualTo(new LimitStats(3, 0, 0, 0));
  }

  @Test
  void aLimitMustAllowOneCallAndWaitADuration() {
    assertThatThrownBy(() -> ConcurrencyLimitSpec.builder().value(0).build())
        .hasMessage(Messages.concurrencyLimitValue(0));
    assertThatThrownBy(() -> ConcurrencyLimitSpec.builder().value(1).maxWait("a while").build())
        .hasMessage(Messages.badDuration("@ConcurrencyLimit(maxWait)", "a while"));
  }
}
