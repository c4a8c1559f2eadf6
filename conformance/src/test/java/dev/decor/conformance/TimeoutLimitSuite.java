package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.DeadlineExceededException;
import dev.decor.conformance.woven.InvalidTimeoutLimitTargets;
import dev.decor.conformance.woven.WovenTimeouts;
import dev.decor.engine.Decor;
import dev.decor.fixtures.Await;
import dev.decor.internal.Messages;
import dev.decor.limit.LimitStats;
import dev.decor.limit.Limits;
import dev.decor.timing.Timings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Timeout}, {@code @ConcurrencyLimit} and {@code @Retry(retryIf, maxDuration)} as users
 * observe them through {@link ResilientModel}, in every {@link Mode}: a hung forward cut at its
 * timeout with its thread freed (platform thread, virtual thread, a virtual caller's model
 * thread), 200 callers on a limit of 2 shed within {@code maxWait} while the admitted succeed,
 * a cold start of many threads, results retried, a time budget; woven, the processor's rules fail
 * the first call with its messages. Each test runs on a global engine of its own.
 */
abstract class TimeoutLimitSuite {
  abstract Mode mode();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Decor previous;
  private final List<ExecutorService> executors = new ArrayList<>();

  @BeforeEach
  void startClean() {
    previous = Decor.setGlobal(Decor.builder().meterRegistry(registry).build());
  }

  @AfterEach
  void restore() {
    executors.forEach(ExecutorService::shutdownNow);
    Decor.setGlobal(previous).close();
    Thread.interrupted();
  }

  private ResilientModel model() {
    return mode().create(ResilientModel.class);
  }

  private ExecutorService platform(int threads) {
    ExecutorService e = Executors.newFixedThreadPool(threads);
    executors.add(e);
    return e;
  }

  /** Virtual threads; skips the calling test before Java 21. */
  private ExecutorService virtual() {
    ExecutorService e;
    try {
      e = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
          .invoke(null);
    } catch (ReflectiveOperationException ex) {
      e = null;
    }
    assumeTrue(e != null, "virtual threads need Java 21+");
    executors.add(e);
    return e;
  }

  private static boolean isVirtual(Thread t) {
    try {
      return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  // ---- @Timeout ----

  /** Calls a hung forward on {@code threads}: the caller gets the timeout at its deadline. */
  private static void aHungForwardIsCut(ExecutorService threads, Callable<?> forward, String name)
      throws Exception {
    Future<Object[]> call = threads.submit(() -> {
      long start = System.nanoTime();
      Throwable thrown = null;
      try {
        forward.call();
      } catch (Throwable t) {
        thrown = t;
      }
      return new Object[] {thrown, System.nanoTime() - start,
          Thread.currentThread().isInterrupted()};
    });
    Object[] outcome = call.get(60, TimeUnit.SECONDS);
    assertThat((Throwable) outcome[0]).isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.timeout(name, "100ms"));
    assertThat((long) outcome[1]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat((boolean) outcome[2]).as("caller's interrupt flag").isFalse();
  }

  @Test
  void aHungForwardOnAPlatformThreadIsCutAtItsTimeoutAndTheThreadFreed() throws Exception {
    ExecutorService one = platform(1);
    ResilientModel model = model();
    aHungForwardIsCut(one, () -> model.forward(new float[1]), "ResilientModel.forward");

    assertThat(model.interrupted).as("the body was interrupted").hasValue(1);
    assertThat(model.ended).as("and left").hasValue(1);
    assertThat(registry.get("decor.timeout.timeouts").tag("name", "ResilientModel.forward")
        .counter().count()).isEqualTo(1);
    // The caller's own thread ran the body (no thread per call) and is free for the next task.
    assertThat(one.submit(Thread::currentThread).get(10, TimeUnit.SECONDS))
        .isSameAs(model.ranOn.get(0));
  }

  @Test
  void aHungForwardOnAVirtualThreadIsCutAtItsTimeout() throws Exception {
    ExecutorService threads = virtual();
    ResilientModel model = model();
    aHungForwardIsCut(threads, () -> model.forward(new float[1]), "ResilientModel.forward");
    assertThat(isVirtual(model.ranOn.get(0))).isTrue();
    assertThat(model.ended).hasValue(1);
  }

  @Test
  void aVirtualCallersGradRegionIsCutOnTheModelThreadThatRunsIt() throws Exception {
    ExecutorService threads = virtual();
    ResilientModel model = model();
    aHungForwardIsCut(threads, () -> model.forwardNoGrad(new float[1]),
        "ResilientModel.forwardNoGrad");
    assertThat(model.ranOn.get(0).getName()).startsWith("decor-model-");
    assertThat(model.interrupted).hasValue(1);
    assertThat(model.ended).as("the model thread left the body").hasValue(1);
    assertThat(model.gradSeen).containsExactly(false);
    // The model thread carries no interrupt into the next region.
    assertThat(threads.submit(() -> model.quick("next")).get(10, TimeUnit.SECONDS))
        .isEqualTo("next");
  }

  @Test
  void aMethodDeclaringTimeoutExceptionGetsThatType() {
    ResilientModel model = model();

    assertThatThrownBy(model::declared).isExactlyInstanceOf(TimeoutException.class)
        .hasMessage(Messages.timeout("ResilientModel.declared", "50ms"));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void underRetryEachAttemptHasItsOwnTimeout() throws Exception {
    ResilientModel model = model();

    assertThat(model.thirdTime()).isEqualTo("attempt 3");
    assertThat(model.interrupted).hasValue(2);
  }

  @Test
  void aStageMissingItsDeadlineFailsTheCallerAndIsCancelled() {
    ResilientModel model = model();

    CompletableFuture<String> seen = model.later();

    assertThatThrownBy(() -> seen.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.timeout("ResilientModel.later", "50ms"));
    assertThat(model.lastStage.isCancelled()).isTrue();
  }

  // ---- @ConcurrencyLimit ----

  private void twoHundredCallersOnALimitOfTwo(ExecutorService threads) throws Exception {
    ResilientModel model = model();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    List<Long> shedAfter = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(threads.submit(() -> {
        go.await();
        long start = System.nanoTime();
        try {
          return model.admit(release);
        } catch (RejectedExecutionException e) {
          shedAfter.add(System.nanoTime() - start);
          assertThat(e).hasMessage(Messages.concurrencyLimitRejected("ResilientModel.admit",
              "'ResilientModel.admit'", 2, "20ms"));
          return "shed";
        }
      }));
    }
    go.countDown();
    Await.until("198 callers shed", Duration.ofSeconds(60), () -> shedAfter.size() >= 198);
    assertThat(shedAfter).hasSize(198);
    assertThat(Limits.stats("ResilientModel.admit")).contains(new LimitStats(2, 2, 0, 198));
    release.countDown();

    List<String> outcomes = new ArrayList<>();
    for (Future<String> call : calls) {
      outcomes.add(call.get(60, TimeUnit.SECONDS));
    }
    assertThat(outcomes).filteredOn("admitted"::equals).hasSize(2);
    assertThat(model.mostAtOnce).hasValue(2);
    assertThat(shedAfter).allSatisfy(n -> assertThat(n).isLessThan(TimeUnit.SECONDS.toNanos(5)));
  }

  @Test
  void twoHundredPlatformCallersOnALimitOfTwoAreShedWithinMaxWait() throws Exception {
    twoHundredCallersOnALimitOfTwo(platform(200));
  }

  @Test
  void twoHundredVirtualCallersOnALimitOfTwoAreShedWithinMaxWait() throws Exception {
    twoHundredCallersOnALimitOfTwo(virtual());
  }

  @Test
  void methodsOfOneGroupShareItsPermits() throws Exception {
    ResilientModel model = model();
    CountDownLatch release = new CountDownLatch(1);
    Future<String> forward = platform(1).submit(() -> model.forwardOnGpu(release));
    Await.until("the forward holds the group's permit", Duration.ofSeconds(30),
        () -> Limits.stats("gpu").map(LimitStats::active).orElse(0) == 1);

    assertThatThrownBy(() -> model.embedOnGpu("x")).isInstanceOf(RejectedExecutionException.class)
        .hasMessage(Messages.concurrencyLimitRejected("ResilientModel.embedOnGpu",
            "group 'gpu'", 1, "0ms"));
    release.countDown();
    assertThat(forward.get(30, TimeUnit.SECONDS)).isEqualTo("forward");
    assertThat(model.embedOnGpu("x")).isEqualTo("embed x");
  }

  /**
   * A cold start: 64 platform and 64 virtual threads make the first calls of a fresh instance on
   * a fresh engine at once — the timed one all succeed, the limited one never runs more than two.
   */
  @Test
  void aColdStartOfManyThreads() throws Exception {
    ResilientModel model = model();
    CountDownLatch open = new CountDownLatch(0);
    List<ExecutorService> kinds = new ArrayList<>(List.of(platform(64)));
    try {
      kinds.add((ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
          .invoke(null));
      executors.add(kinds.get(1));
    } catch (ReflectiveOperationException beforeJava21) {
      // the platform threads' cold start is the test
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> calls = new ArrayList<>();
    for (ExecutorService threads : kinds) {
      for (int i = 0; i < 64; i++) {
        int index = i;
        calls.add(threads.submit(() -> {
          go.await();
          String quick = model.quick("q" + index);
          try {
            return quick + "/" + model.admit(open);
          } catch (RejectedExecutionException e) {
            return quick + "/shed";
          }
        }));
      }
    }
    go.countDown();
    for (Future<String> call : calls) {
      assertThat(call.get(60, TimeUnit.SECONDS)).matches("q\\d+/(admitted|shed)");
    }
    assertThat(model.mostAtOnce.get()).isBetween(1, 2);
    assertThat(registry.find("decor.timeout.timeouts").counter()).isNull();
  }

  // ---- @Retry on results and within a time budget ----

  @Test
  void aRejectedResultIsRetried() {
    ResilientModel model = model();

    assertThat(model.poll()).isEqualTo("done");
    assertThat(model.attempts).hasValue(3);
  }

  @Test
  void afterTheLastAttemptTheCallerGetsTheLastResult() {
    ResilientModel model = model();

    assertThat(model.stuck()).isEqualTo("running");
    assertThat(model.attempts).hasValue(3);
  }

  @Test
  void anAsynchronousResultIsJudgedToo() throws Exception {
    ResilientModel model = model();

    assertThat(model.pollAsync().get(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(model.attempts).hasValue(3);
  }

  @Test
  void noAttemptStartsAfterMaxDuration() {
    AtomicLong clock = new AtomicLong();
    Decor.setGlobal(Decor.builder().meterRegistry(registry).nanoTime(clock::get)
        .sleeper(clock::addAndGet).build());
    ResilientModel model = model();

    // Attempts at 0, 100 and 200 ms; the fourth would start at 300 ms, after the 250 ms budget.
    assertThatThrownBy(model::budgeted).isInstanceOf(IOException.class).hasMessage("attempt 3");
  }

  // ---- order ----

  @Test
  void aCacheHitSkipsTheTimeoutAndTheLimit() {
    ResilientModel model = model();

    assertThat(model.cachedForward("a")).isEqualTo("A");
    assertThat(model.cachedForward("a")).isEqualTo("A");

    assertThat(model.attempts).hasValue(1);
    assertThat(Timings.stats("ResilientModel.cachedForward").count()).isEqualTo(2);
    assertThat(Limits.stats("ResilientModel.cachedForward").orElseThrow().active()).isZero();
  }

  // ---- woven only ----

  @Test
  void aPrivateStaticMethodIsBoundedWhenWoven() {
    assumeTrue(mode().woven(), "a generated wrapper cannot reach private static methods");
    mode().create(WovenTimeouts.class);

    assertThatThrownBy(WovenTimeouts::hangPrivately)
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.timeout("WovenTimeouts.hang", "50ms"));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void rulesTheProcessorEnforcesFailTheFirstWovenCallWithItsMessage() {
    assumeTrue(mode().woven(), "the processor rejects these at compile time");
    InvalidTimeoutLimitTargets targets = mode().create(InvalidTimeoutLimitTargets.class);

    assertThatThrownBy(targets::zeroTimeout).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.timeoutValue("0ms"));
    assertThatThrownBy(targets::timedFuture).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.asyncReturnType("Timeout", "timedFuture()", "MyFuture"));
    assertThatThrownBy(targets::judgedWrongly).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.retryIfType("Negative", "Number", "judgedWrongly()",
            "returns String"));
    assertThat(targets.forward()).isEqualTo("forward");
    assertThatThrownBy(targets::embed).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.concurrencyLimitGroup("woven-gpu",
            "InvalidTimeoutLimitTargets.embed()", 3, "InvalidTimeoutLimitTargets.forward()", 2));
    assertThat(targets.bodyRuns).as("only forward() ran").hasValue(1);
  }
}
