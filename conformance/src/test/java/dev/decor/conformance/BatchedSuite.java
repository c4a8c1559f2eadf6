package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.conformance.woven.InvalidBatchedTargets;
import dev.decor.fixtures.Await;
import dev.decor.internal.Messages;
import java.io.FileNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code @Batched} as users observe it, in every {@link Mode}: order and size, the wait bound
 * (and {@code eager}'s dispatch at once when idle), errors, cancellation, backpressure, many caller threads, composition with {@code @Timed} and
 * {@code @Cached}, the batch method's own {@code @NoGrad} on the worker; woven, the processor's
 * compile errors on the first call. Each test runs on a global engine of its own, closed after.
 */
abstract class BatchedSuite extends BatchedEngineSuite {
  abstract Mode mode();

  private BatchedService service() {
    return mode().create(BatchedService.class);
  }

  @Test
  void itemsAreAnsweredInOrderInBatchesOfMaxSizeOnADecorWorker() throws Exception {
    BatchedService s = service();
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(s.squareInFours(i));
    }
    for (int i = 0; i < 8; i++) {
      assertThat(get(futures.get(i))).isEqualTo(i * i);
    }
    assertThat(s.batches).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7));
    assertThat(s.threads).allSatisfy(
        t -> assertThat(t).startsWith("decor-batch-BatchedService.squareInFours-"));
    assertThat(s.gradEnabled).containsOnly(false);
    assertThat(meters.get("decor.batch.size").tag("name", "BatchedService.squareInFours")
        .summary().totalAmount()).isEqualTo(8.0);
  }

  @Test
  void aLoneItemGoesAfterMaxWait() throws Exception {
    BatchedService s = service();
    long start = System.nanoTime();
    assertThat(get(s.squareSoon(3))).isEqualTo(9);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(
        TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(s.batches).containsExactly(List.of(3));
  }

  @Test
  void anEagerItemThatFindsTheBatcherIdleGoesAtOnceOneArrivingDuringABatchWaits()
      throws Exception {
    BatchedService s = service();
    assertThat(get(s.squareEager(2))).isEqualTo(4); // maxWait is 1h: each went at once
    assertThat(get(s.squareEager(3))).isEqualTo(9);
    CountDownLatch gate = new CountDownLatch(1);
    s.gate = gate;
    CompletableFuture<Integer> running = s.squareEager(4);
    assertThat(s.started.await(LONG_SECONDS, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Integer> waiting = s.squareEager(5);
    s.gate = null;
    gate.countDown();
    assertThat(get(running)).isEqualTo(16);
    // The batcher's one worker, done with that batch, decides about the item queued meanwhile;
    // parked for maxWait, it has decided to wait for company.
    Thread worker = s.worker;
    Await.until("the worker parked for maxWait", Duration.ofSeconds(LONG_SECONDS),
        () -> worker.getState() == Thread.State.TIMED_WAITING
            && Arrays.stream(worker.getStackTrace()).anyMatch(f ->
                f.getClassName().equals("dev.decor.batch.Batcher")
                    && f.getMethodName().equals("take")));
    assertThat(waiting).isNotDone(); // queued while a batch ran: waits for company
    CompletableFuture<Integer> company = s.squareEager(6);
    assertThat(List.of(get(waiting), get(company))).containsExactly(25, 36);
    assertThat(s.batches).containsExactly(List.of(2), List.of(3), List.of(4), List.of(5, 6));
  }

  @Test
  void aFailingBatchFailsEachOfItsItemsAndAWrongSizedOneToo() throws Exception {
    BatchedService s = service();
    List<CompletableFuture<Integer>> bad = List.of(
        s.squareInFours(1), s.squareInFours(-2), s.squareInFours(3), s.squareInFours(4));
    for (CompletableFuture<Integer> f : bad) {
      assertThat(failure(f)).isInstanceOf(IllegalStateException.class)
          .hasMessage("negative item -2");
    }
    List<CompletableFuture<Integer>> wrong = List.of(
        s.squareInFours(1), s.squareInFours(999), s.squareInFours(3), s.squareInFours(4));
    for (CompletableFuture<Integer> f : wrong) {
      assertThat(failure(f)).hasMessageContaining("[decor/BatchResultSize]")
          .hasMessageContaining("'BatchedService.squareInFours'");
    }
    assertThatThrownBy(() -> s.square(-1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("negative item -1");
  }

  @Test
  void aCheckedExceptionOfTheBatchReachesTheCallerThatDeclaresItAsItIs() {
    BatchedService s = service();
    assertThatThrownBy(() -> s.load(-1)).isExactlyInstanceOf(FileNotFoundException.class)
        .hasMessage("no item -1");
  }

  @Test
  void aNullAnswerForAPrimitiveResultFailsWithWhatToReturn() {
    BatchedService s = service();
    assertThat(s.half(4)).isEqualTo(2);
    assertThatThrownBy(() -> s.half(3)).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage(Messages.batchNullResult("BatchedService.half", 0, "int"));
  }

  @Test
  void aCancelledItemIsDroppedAndAFullQueueRejectsAtOnce() throws Exception {
    BatchedService s = service();
    CountDownLatch gate = new CountDownLatch(1);
    s.gate = gate;
    CompletableFuture<Integer> running = s.squareBounded(1);
    assertThat(s.started.await(LONG_SECONDS, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Integer> cancelled = s.squareBounded(2);
    CompletableFuture<Integer> kept = s.squareBounded(3);
    CompletableFuture<Integer> rejected = s.squareBounded(4);
    assertThat(rejected).isCompletedExceptionally();
    assertThat(failure(rejected)).isInstanceOf(RejectedExecutionException.class)
        .hasMessage(Messages.batchQueueFull("BatchedService.squareBounded", 2));
    assertThat(cancelled.cancel(true)).isTrue();
    gate.countDown();
    assertThat(get(running)).isEqualTo(1);
    assertThat(get(kept)).isEqualTo(9);
    assertThat(s.batches).containsExactly(List.of(1), List.of(3));
    assertThat(meters.get("decor.batch.rejections").counter().count()).isEqualTo(1.0);
  }

  @Test
  void closingTheEngineAnswersOrFailsEveryQueuedItem() throws Exception {
    BatchedService s = service();
    CountDownLatch gate = new CountDownLatch(1);
    s.gate = gate;
    CompletableFuture<Integer> running = s.squareBounded(1);
    assertThat(s.started.await(LONG_SECONDS, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Integer> queued = s.squareBounded(2);
    engine.close(); // the running batch holds past the timeout: both fail, no one waits forever
    assertThat(failure(running)).hasMessageContaining("[decor/BatchShutdown]");
    assertThat(failure(queued)).hasMessageContaining("[decor/BatchShutdown]");
    gate.countDown();
  }

  @Test
  void manyCallerThreadsEachGetTheirOwnResult() throws Exception {
    BatchedService s = service();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < 32; t++) {
      int base = t * 1000;
      Thread caller = new Thread(() -> {
        try {
          go.await();
          for (int i = base; i < base + 50; i++) {
            Integer r = s.square(i);
            if (r != i * i) {
              wrong.add(i + " -> " + r);
            }
          }
        } catch (Throwable e) {
          wrong.add(e.toString());
        }
      });
      caller.start();
      callers.add(caller);
    }
    go.countDown();
    for (Thread caller : callers) {
      caller.join(TimeUnit.SECONDS.toMillis(LONG_SECONDS));
      assertThat(caller.isAlive()).isFalse();
    }
    assertThat(wrong).isEmpty();
    assertThat(s.batches.stream().mapToInt(List::size).sum()).isEqualTo(32 * 50);
    assertThat(s.batches).allSatisfy(b -> assertThat(b.size()).isBetween(1, 8));
  }

  @Test
  void aBatchMethodCallingItsOwnBatchedMethodGetsTheAnswerAtOnceOnItsWorker() throws Exception {
    BatchedService s = service();
    // Off the test thread: a batcher that waits on itself would hang its caller.
    assertThat(get(CompletableFuture.supplyAsync(() -> s.sumDown(3)))).isEqualTo(6);
    assertThat(s.batches).containsExactly(List.of(3), List.of(2), List.of(1), List.of(0));
    assertThat(s.threads).containsOnly("decor-batch-BatchedService.sumDown-1");
    assertThat(get(CompletableFuture.supplyAsync(() -> s.sumDown(1)))).isEqualTo(1);
  }

  @Test
  void timedAndCachedSitInFrontACacheHitNeverQueues() throws InterruptedException {
    BatchedService s = service();
    assertThat(s.squareCached(7)).isEqualTo(49);
    assertThat(s.squareCached(7)).isEqualTo(49);
    assertThat(s.batches).containsExactly(List.of(7));
    assertThat(engine.timingStats("BatchedService.squareCached").count()).isEqualTo(2);
    assertThat(engine.cacheStats("BatchedService.squareCached").hits()).isEqualTo(1);
  }

  @Test
  void rulesTheProcessorEnforcesFailOnFirstWovenCallWithItsMessage() {
    assumeTrue(mode().woven(), "the processor rejects these at compile time");
    InvalidBatchedTargets invalid = mode().create(InvalidBatchedTargets.class);
    String expected = "'List<String> %s(List<Integer>)'";
    assertFails(invalid, i -> i.missing(1), Messages.batchMethod("missing(Integer)",
        "missingAll", "does not exist", expected.formatted("missingAll")));
    assertFails(invalid, i -> i.wrongTypes(1), Messages.batchMethod("wrongTypes(Integer)",
        "wrongAll", "does not take List<Integer> and return List<String>",
        expected.formatted("wrongAll")));
    assertFails(invalid, i -> i.privateBatch(1), Messages.batchMethod("privateBatch(Integer)",
        "privateAll", "is private (decor calls it through the receiver)",
        expected.formatted("privateAll")));
    assertFails(invalid, i -> i.retried(1), Messages.batchedCombination("retried(Integer)",
        "Retry"));
    assertFails(invalid, i -> i.undeclared(1), Messages.batchThrows("undeclared(Integer)",
        "throwingAll", "IOException"));
    assertThat(invalid.bodyRuns).hasValue(0);
  }

  private static void assertFails(InvalidBatchedTargets target,
      Consumer<InvalidBatchedTargets> call, String message) {
    assertThatThrownBy(() -> call.accept(target))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
