package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.DeadlineExceededException;
import dev.decor.batch.BatchPriority;
import dev.decor.batch.Batcher;
import dev.decor.fixtures.Await;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.internal.Durations;
import dev.decor.internal.Messages;
import dev.decor.spec.BatchedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler of a batcher (issue 25): deadlines, priorities, preferred sizes, cost and the
 * adaptive wait, each on an engine of its own with real Micrometer. A batch is held running on a
 * latch so that what queues behind it is known when it ends; no test sleeps.
 */
class BatchSchedulingTest {
  private static final long LONG_S = 20;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Decor engine = Decor.builder().meterRegistry(meters)
      .batchShutdownTimeout(Duration.ofMillis(300)).build();

  @AfterEach
  void close() {
    engine.close();
  }

  /** A batch method that records each batch, holding the first until {@code release}. */
  private static final class Device implements dev.decor.batch.BatchMethod<String, String> {
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch running = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public List<String> call(List<String> items) throws InterruptedException {
      batches.add(List.copyOf(items));
      if (items.contains("hold")) {
        running.countDown();
        release.await();
      }
      return new ArrayList<>(items);
    }

    List<String> seen() {
      List<String> all = new ArrayList<>();
      batches.forEach(all::addAll);
      return all;
    }
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(LONG_S, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      get(f);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failed future, got a result");
  }

  /** Submits "hold" and waits until its batch runs: the worker is busy until release. */
  private static CompletableFuture<String> hold(Batcher<String, String> b, Device d)
      throws InterruptedException {
    CompletableFuture<String> held = b.submit("hold");
    assertThat(d.running.await(LONG_S, TimeUnit.SECONDS)).isTrue();
    return held;
  }

  @Test
  void theQueueDepthGaugeOfANameCountsTheItemsOfEveryReceiversBatcher() throws Exception {
    // One batcher per receiver of a @Batched method, all under the method's name.
    Device first = new Device();
    Device second = new Device();
    BatchedSpec spec = BatchedSpec.builder().maxWait("1ms").build();
    Batcher<String, String> a = engine.batch("S.shared", spec, first);
    Batcher<String, String> b = engine.batch("S.shared", spec, second);
    CompletableFuture<String> heldA = hold(a, first);
    CompletableFuture<String> heldB = hold(b, second);
    List<CompletableFuture<String>> queued = List.of(a.submit("a1"), a.submit("a2"),
        b.submit("b1"));
    assertThat(meters.get("decor.batch.queue.depth").tag("name", "S.shared").gauge().value())
        .isEqualTo(3.0);
    first.release.countDown();
    second.release.countDown();
    assertThat(get(heldA)).isEqualTo("hold");
    assertThat(get(heldB)).isEqualTo("hold");
    for (CompletableFuture<String> f : queued) {
      get(f);
    }
    assertThat(meters.get("decor.batch.queue.depth").tag("name", "S.shared").gauge().value())
        .isZero();
  }

  /**
   * A second engine reporting to the same registry (each one's default is
   * {@code Metrics.globalRegistry}): the queue depth gauge counts the later engine's queue, not
   * the first engine's for ever.
   */
  @Test
  void theQueueDepthGaugeFollowsTheLatestEngineSharingTheRegistry() throws Exception {
    BatchedSpec spec = BatchedSpec.builder().maxWait("1ms").build();
    engine.batch("S.moved", spec, new Device());
    try (Decor second = Decor.builder().meterRegistry(meters)
        .batchShutdownTimeout(Duration.ofMillis(300)).build()) {
      Device d = new Device();
      Batcher<String, String> b = second.batch("S.moved", spec, d);
      CompletableFuture<String> held = hold(b, d);
      List<CompletableFuture<String>> queued = List.of(b.submit("x1"), b.submit("x2"));
      assertThat(meters.get("decor.batch.queue.depth").tag("name", "S.moved").gauge().value())
          .isEqualTo(2.0);
      d.release.countDown();
      assertThat(get(held)).isEqualTo("hold");
      for (CompletableFuture<String> f : queued) {
        get(f);
      }
    }
  }

  @Test
  void anItemPastItsQueueTimeoutBehindABusyWorkerFailsUndispatched() throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.deadline",
        BatchedSpec.builder().maxWait("1ms").queueTimeout("1s").build(), d);
    assertThat(get(b.submit("warm"))).isEqualTo("warm"); // the worker started, classes loaded
    CompletableFuture<String> held = hold(b, d); // dispatched in time, so answered
    CompletableFuture<String> late = b.submit("late");
    long start = System.nanoTime(); // after its arrival: its deadline is before start + 1 s
    Await.until("the item's queueTimeout", Duration.ofSeconds(LONG_S),
        () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(1001));
    d.release.countDown(); // the worker, free, finds it expired
    assertThat(get(held)).isEqualTo("hold");
    assertThat(failure(late)).isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.batchQueueTimeout("S.deadline", "its queueTimeout 1s"));
    assertThat(d.seen()).containsExactly("warm", "hold");
    assertThat(meters.get("decor.batch.deadline.drops").tag("name", "S.deadline")
        .tag("priority", "0").counter().count()).isEqualTo(1.0);
  }

  @Test
  void aQueueTimeoutTunedLiveBoundsItemsQueuedFromThenOn() throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.tuned",
        BatchedSpec.builder().maxWait("1ms").build(), d);
    CompletableFuture<String> held = hold(b, d); // queued before the change: no limit
    engine.tune("decor.batches.S.tuned.queueTimeout", "1s");
    engine.tune("decor.batches.S.tuned.adaptive", true);
    CompletableFuture<String> late = b.submit("late");
    long start = System.nanoTime(); // after its arrival: its deadline is before start + 1 s
    Await.until("the tuned queueTimeout", Duration.ofSeconds(LONG_S),
        () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(1001));
    d.release.countDown();
    assertThat(get(held)).isEqualTo("hold");
    assertThat(failure(late)).isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.batchQueueTimeout("S.tuned", "its queueTimeout 1s"));
    assertThat(b.toString()).contains("queueTimeout 1s", "adaptive");
  }

  @Test
  void aBatchGoesBeforeItsEarliestDeadlineInsteadOfWaitingMaxWait() throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.early",
        BatchedSpec.builder().maxWait("1h").queueTimeout("5s").build(), d);
    long start = System.nanoTime();
    assertThat(get(b.submit("a"))).isEqualTo("a"); // goes ~4.4 s in, not in an hour
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(LONG_S));
    assertThat(d.batches).containsExactly(List.of("a"));
  }

  @Test
  void aPerItemTimeoutBoundsOnlyThatItemAndTheNextArrivalDropsItWhileWorkersAreBusy()
      throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.perItem",
        BatchedSpec.builder().maxWait("1ms").build(), d);
    CompletableFuture<String> held = hold(b, d);
    CompletableFuture<String> patient = b.submit("patient", 0, null);
    CompletableFuture<String> hurried = b.submit("hurried", 0, Duration.ofMillis(20));
    long start = System.nanoTime();
    Await.until("the hurried item's deadline", Duration.ofSeconds(LONG_S),
        () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(21));
    CompletableFuture<String> trigger = b.submit("trigger");
    assertThat(failure(hurried)).isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.batchQueueTimeout("S.perItem", "its timeout PT0.02S"));
    d.release.countDown();
    assertThat(get(held)).isEqualTo("hold");
    assertThat(get(patient)).isEqualTo("patient");
    assertThat(get(trigger)).isEqualTo("trigger");
    assertThat(d.seen()).containsExactly("hold", "patient", "trigger");
  }

  @Test
  void higherPriorityItemsGoFirstThenTheRestInArrivalOrder() throws Exception {
    Device d = new Device();
    // maxWait long enough that no item starves (4 × maxWait) while the device is held.
    Batcher<String, String> b = engine.batch("S.priority",
        BatchedSpec.builder().maxSize(2).maxWait("1s").build(), d);
    CompletableFuture<String> held = hold(b, d);
    List<CompletableFuture<String>> all = new ArrayList<>();
    all.add(b.submit("low1"));
    all.add(b.submit("low2"));
    all.add(b.submit("low3"));
    try (BatchPriority.Scope s = BatchPriority.of(1)) {
      all.add(b.submit("high1"));
      all.add(b.submit("high2"));
    }
    d.release.countDown();
    get(held);
    for (CompletableFuture<String> f : all) {
      get(f);
    }
    assertThat(d.batches).containsExactly(List.of("hold"), List.of("high1", "high2"),
        List.of("low1", "low2"), List.of("low3"));
    assertThat(meters.get("decor.batch.priority.wait").tag("name", "S.priority")
        .tag("priority", "1").timer().count()).isEqualTo(2);
  }

  @Test
  void aLowPriorityItemThatWaitedFourMaxWaitsOrBatchTimesGoesAheadOfHigherOnes() throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.starve",
        BatchedSpec.builder().maxSize(1).maxWait("5ms").build(), d);
    long slowest = 0;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      get(b.submit("w" + i)); // quick batches: the mean batch time is far below maxWait
      slowest = Math.max(slowest, System.nanoTime() - t0);
    }
    long holding = System.nanoTime();
    CompletableFuture<String> held = hold(b, d);
    CompletableFuture<String> low = b.submit("low", 0, null);
    long start = System.nanoTime(); // after its arrival
    // Starved after 4 × max(maxWait, mean batch time). The held batch — the low item's wait W
    // and the G before it arrived — weighs an eighth in the mean, the quick ones (each at most the
    // slowest, S) the rest: 4 × (S + (W + G) / 8) < W once W > 8 S + G. On a loaded machine a
    // cold first batch, or the test thread's wake-up after hold(), can take tens of ms.
    long starved = Math.max(TimeUnit.MILLISECONDS.toNanos(300),
        8 * slowest + 2 * (start - holding) + TimeUnit.MILLISECONDS.toNanos(50));
    Await.until("four batch times", Duration.ofSeconds(LONG_S),
        () -> System.nanoTime() - start > starved);
    CompletableFuture<String> high = b.submit("high", 5, null);
    d.release.countDown();
    get(held);
    get(low);
    get(high);
    assertThat(d.seen()).containsExactly("w0", "w1", "w2", "hold", "low", "high");
  }

  @Test
  void aBatchGoesAtOnceOnReachingAPreferredSize() throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.preferred",
        BatchedSpec.builder().maxSize(8).maxWait("30s").preferredSizes("2, 4").build(), d);
    CompletableFuture<String> a = b.submit("a");
    CompletableFuture<String> c = b.submit("b");
    assertThat(get(a)).isEqualTo("a"); // no 30 s wait: 2 is preferred
    get(c);
    assertThat(d.batches).containsExactly(List.of("a", "b"));
  }

  @Test
  void atMaxWaitABatchTakesTheLargestPreferredSizeQueued() throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.preferredAtWait",
        BatchedSpec.builder().maxSize(8).maxWait("1ms").preferredSizes("4").build(), d);
    CompletableFuture<String> held = hold(b, d);
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(b.submit("i" + i));
    }
    d.release.countDown();
    get(held);
    for (CompletableFuture<String> f : all) {
      get(f);
    }
    assertThat(d.batches).containsExactly(List.of("hold"), List.of("i0", "i1", "i2", "i3"),
        List.of("i4", "i5"));
  }

  @Test
  void aBatchHoldsAtMostMaxCostAndAnItemOverItGoesAlone() throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.cost",
        BatchedSpec.builder().maxSize(32).maxWait("1ms").maxCost(10).build(), d)
        .costedBy(String::length);
    CompletableFuture<String> held = hold(b, d);
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (String s : List.of("aaaa", "bbbb", "cc", "dddd", "eeeeeeeeeeee", "f")) {
      all.add(b.submit(s));
    }
    d.release.countDown();
    get(held);
    for (CompletableFuture<String> f : all) {
      get(f);
    }
    assertThat(d.batches).containsExactly(List.of("hold"), List.of("aaaa", "bbbb", "cc"),
        List.of("dddd"), List.of("eeeeeeeeeeee"), List.of("f"));
  }

  @Test
  void theSchedulingAttributesComeFromConfigurationByBatcherOrMethodName() throws Exception {
    Decor configured = Decor.builder().meterRegistry(new SimpleMeterRegistry())
        .batchShutdownTimeout(Duration.ofMillis(300))
        .overrides(Map.of("decor.batches.S.configured.preferredSizes", "2",
            "decor.methods.S.configured.batched.maxCost", 10,
            "decor.batches.S.configured.queueTimeout", "1s"))
        .build();
    try {
      Device d = new Device();
      Batcher<String, String> b = configured.batch("S.configured",
          BatchedSpec.builder().maxSize(8).maxWait("30s").build(), d).costedBy(String::length);
      assertThat(b.toString()).contains("preferredSizes=[2]", "maxCost=10", "queueTimeout 1s");
      CompletableFuture<String> a = b.submit("a");
      CompletableFuture<String> c = b.submit("b");
      assertThat(get(a)).isEqualTo("a"); // no 30 s wait: 2 is preferred by configuration
      get(c);
      assertThat(d.batches).containsExactly(List.of("a", "b"));
    } finally {
      configured.close();
    }
  }

  @Test
  void aSchedulingOverrideIsRefusedAtBuildWithTheAnnotationsMessageNamingItsKey() {
    String descending = "decor.batches.S.bad.preferredSizes";
    String negative = "decor.methods.S.bad.batched.maxCost";
    String overMaxSize = "decor.batches.S.big.preferredSizes";
    String timeout = "decor.batches.S.bad.queueTimeout";
    assertThatThrownBy(() -> Decor.builder().overrides(Map.of(descending, "4, 2",
        negative, -1, overMaxSize, "8, 64", timeout, "soon")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Messages.forKey(descending,
            BatchedSpec.checkPreferredSizes("4, 2")))
        .hasMessageContaining(Messages.forKey(negative,
            Messages.batchedAtLeastZero("maxCost", -1)))
        .hasMessageContaining(Messages.forKey(overMaxSize,
            Messages.batchedPreferredSizes("8, 64", "lists 64, above maxSize 32")))
        .hasMessageContaining(Messages.forKey(timeout,
            Durations.check("@Batched(queueTimeout)", "soon")));
  }

  @Test
  void preferredSizesAndMaxCostTunedLiveShapeTheNextBatches() throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.tunedShape",
        BatchedSpec.builder().maxSize(8).maxWait("30s").build(), d).costedBy(String::length);
    engine.tune("decor.batches.S.tunedShape.preferredSizes", "2");
    CompletableFuture<String> a = b.submit("a");
    CompletableFuture<String> c = b.submit("b");
    assertThat(get(a)).isEqualTo("a"); // no 30 s wait: 2 is preferred now
    get(c);
    engine.tune("decor.batches.S.tunedShape.preferredSizes", "");
    engine.tune("decor.batches.S.tunedShape.maxCost", 6);
    CompletableFuture<String> big = b.submit("cccc");
    CompletableFuture<String> more = b.submit("dd"); // cost 6 reached: goes at once
    get(big);
    get(more);
    assertThat(d.batches).containsExactly(List.of("a", "b"), List.of("cccc", "dd"));
    assertThat(b.toString()).contains("maxCost=6").doesNotContain("preferredSizes");

    engine.tune("decor.batches.S.tunedShape.preferredSizes", "4, 8");
    String key = "decor.batches.S.tunedShape.maxSize";
    assertThatThrownBy(() -> engine.tune(key, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.forKey(key,
            Messages.batchedPreferredSizes("4, 8", "lists 8, above maxSize 6")));
    String sizes = "decor.batches.S.tunedShape.preferredSizes";
    assertThatThrownBy(() -> engine.tune(sizes, "16"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.forKey(sizes,
            Messages.batchedPreferredSizes("16", "lists 16, above maxSize 8")));
    assertThat(b.toString()).contains("maxSize=8", "preferredSizes=[4, 8]");
  }

  @Test
  void anAdaptiveBatcherDoesNotMakeASequentialCallerWaitMaxWait() throws Exception {
    Device d = new Device();
    Batcher<String, String> b = engine.batch("S.adaptive",
        BatchedSpec.builder().maxWait("30s").adaptive(true).build(), d);
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      assertThat(get(b.submit("s" + i))).isEqualTo("s" + i);
    }
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
    assertThat(d.seen()).hasSize(50);
  }

  /**
   * Two closed-loop callers of a slow device: each batch answers both, and both come back at
   * once. The gaps between their arrivals are mostly the device's own time; an adaptive wait read
   * off them either goes at once with the first (then the second queues behind its batch, and
   * the two go alone, in turns, for good) or waits out maxWait for a third that never comes.
   */
  @Test
  void anAdaptiveBatcherKeepsTwoClosedLoopCallersInOneBatch() throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    Batcher<Integer, Integer> b = engine.batch("S.pair",
        BatchedSpec.builder().maxWait("1s").adaptive(true).build(), items -> {
          sizes.add(items.size());
          long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
          long left;
          while ((left = end - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left); // the device's time
          }
          return new ArrayList<>(items);
        });
    int rounds = 10;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    for (int c = 0; c < 2; c++) {
      int caller = c;
      callers.add(CompletableFuture.runAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        for (int i = 0; i < rounds; i++) {
          assertThat(b.apply(caller * rounds + i)).isEqualTo(caller * rounds + i);
        }
      }, threads));
    }
    start.countDown();
    try {
      CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new))
          .get(LONG_S, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
    // A caller late by more than the quiet wait (a 32nd of the 300 ms batch, or four of the gaps
    // seen between the two) on a loaded machine splits one round; the next round joins them.
    assertThat(sizes.stream().filter(n -> n == 2).count()).as("batches of two in %s", sizes)
        .isGreaterThanOrEqualTo(rounds * 3 / 4);
    // Nor does it wait for company that is already there: both came back within the quiet wait.
    // Taking turns alone waits a whole batch behind the other's (the rule read off the mean gap
    // measured a 64 ms mean wait on a 64 ms batch); waiting out maxWait, a second.
    assertThat(meters.get("decor.batch.queue.wait").tag("name", "S.pair").timer()
        .mean(TimeUnit.MILLISECONDS)).isLessThan(150);
  }

  @Test
  void manyPlatformAndVirtualCallersWithDeadlinesAndPrioritiesAreEachAnsweredOnce()
      throws Exception {
    Function<List<Integer>, List<Integer>> same = ArrayList::new;
    Batcher<Integer, Integer> b = engine.batch("S.many",
        BatchedSpec.builder().maxSize(16).maxWait("1ms").queueTimeout("5s")
            .preferredSizes("8, 16").adaptive(true).build(), same::apply);
    int callers = 64;
    int each = 200;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Void>> done = new ArrayList<>();
    ExecutorService platform = Executors.newFixedThreadPool(callers / 2);
    ExecutorService virtual = VirtualThreads21.executor();
    try {
      for (int c = 0; c < callers; c++) {
        int caller = c;
        ExecutorService on = c % 2 == 0 ? platform : virtual;
        done.add(CompletableFuture.runAsync(() -> {
          try {
            start.await(); // a cold start: every caller's first call at once
            for (int i = 0; i < each; i++) {
              int v = caller * each + i;
              try (BatchPriority.Scope s = BatchPriority.of(caller % 3)) {
                assertThat(b.apply(v)).isEqualTo(v);
              }
            }
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        }, on));
      }
      start.countDown();
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
    } finally {
      platform.shutdownNow();
      virtual.shutdownNow();
    }
    assertThat(meters.get("decor.batch.items").tag("name", "S.many").counter().count())
        .isEqualTo(callers * each);
    assertThat(meters.get("decor.batch.queue.depth").tag("name", "S.many").gauge().value())
        .isZero();
  }
}
