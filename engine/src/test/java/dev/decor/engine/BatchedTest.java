package dev.decor.engine;

import dev.decor.batch.BatchMethod;
import dev.decor.batch.Batcher;
import dev.decor.engine.internal.Chain;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.PartialBatchFailure;
import dev.decor.fixtures.Await;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.GradSpec;
import dev.decor.internal.Messages;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batcher's rules (see {@link Batcher}), each on an engine of its own, with real Micrometer. */
class BatchedTest {
  private static final Duration LONG = Duration.ofSeconds(20);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Decor engine = Decor.builder().meterRegistry(meters)
      .batchShutdownTimeout(Duration.ofMillis(300)).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static BatchedSpec.Builder spec() {
    return BatchedSpec.builder();
  }

  private static List<Integer> doubled(List<Integer> in) {
    List<Integer> out = new ArrayList<>(in.size());
    in.forEach(i -> out.add(i * 2));
    return out;
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(LONG.toSeconds(), TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<?> f) {
    try {
      get(f);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("expected a failed future, got " + e, e);
    }
    throw new AssertionError("expected a failed future, got a result");
  }

  @Test
  void answersEachItemWithTheResultAtItsIndexInBatchesOfAtMostMaxSize() throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    Batcher<Integer, Integer> b = engine.batch("T.order", spec().maxSize(8).maxWait("20ms").build(),
        in -> {
          sizes.add(in.size());
          return doubled(in);
        });
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      futures.add(b.submit(i));
    }
    for (int i = 0; i < 100; i++) {
      assertThat(get(futures.get(i))).isEqualTo(i * 2);
    }
    assertThat(sizes).allSatisfy(s -> assertThat(s).isBetween(1, 8));
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    assertThat(sizes).contains(8);
    assertThat(meters.get("decor.batch.items").tag("name", "T.order").counter().count())
        .isEqualTo(100.0);
    assertThat(meters.get("decor.batch.size").summary().count()).isEqualTo(sizes.size());
    assertThat(meters.get("decor.batch.queue.wait").timer().count()).isEqualTo(100);
  }

  @Test
  void aFullBatchGoesWithoutWaitingForMaxWait() throws Exception {
    Batcher<Integer, Integer> b = engine.batch("T.full", spec().maxSize(4).maxWait("1h").build(),
        BatchedTest::doubled);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      futures.add(b.submit(i));
    }
    assertThat(get(futures.get(3))).isEqualTo(6);
  }

  @Test
  void aLoneItemWaitsMaxWaitFromItsArrivalThenGoesAlone() throws Exception {
    AtomicReference<Long> dispatched = new AtomicReference<>();
    Batcher<Integer, Integer> b = engine.batch("T.wait",
        spec().maxSize(100).maxWait("80ms").build(), in -> {
          dispatched.set(System.nanoTime());
          return doubled(in);
        });
    long start = System.nanoTime();
    assertThat(b.apply(21)).isEqualTo(42);
    assertThat(dispatched.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80));
  }

  @Test
  void eagerALoneItemGoesAtOnceCallAfterCall() throws Exception {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    Batcher<Integer, Integer> b = engine.batch("T.eager",
        spec().maxSize(100).maxWait("1h").eager(true).build(), in -> {
          sizes.add(in.size());
          return doubled(in);
        });
    // maxWait 1h: each call is answered only because it found the batcher idle, including the
    // calls queued right after the previous answer (the batch no longer counts as running)
    for (int i = 0; i < 20; i++) {
      assertThat(get(b.submit(i))).isEqualTo(2 * i);
    }
    assertThat(sizes).hasSize(20).containsOnly(1);
  }

  @Test
  void eagerItemsArrivingWhileABatchRunsStillWaitForMaxWaitEvenWithAFreeWorker()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    List<Long> starts = new CopyOnWriteArrayList<>();
    Batcher<Integer, Integer> b = engine.batch("T.eager-busy",
        spec().maxSize(100).maxWait("150ms").maxConcurrency(2).eager(true).build(), in -> {
          starts.add(System.nanoTime());
          batches.add(List.copyOf(in));
          started.countDown();
          release.await();
          return doubled(in);
        });
    CompletableFuture<Integer> first = b.submit(1);
    started.await();
    long queued = System.nanoTime();
    CompletableFuture<Integer> second = b.submit(2);
    CompletableFuture<Integer> third = b.submit(3);
    release.countDown();
    assertThat(List.of(get(first), get(second), get(third))).containsExactly(2, 4, 6);
    assertThat(batches).containsExactly(List.of(1), List.of(2, 3));
    assertThat(starts.get(1) - queued).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
  }

  @Test
  void atMostMaxConcurrencyBatchesRunAtOnceOnNamedDaemonPlatformThreads() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch open = new CountDownLatch(1);
    List<Thread> threads = new CopyOnWriteArrayList<>();
    Batcher<Integer, Integer> b = engine.batch("T.conc",
        spec().maxSize(2).maxWait("0ms").maxConcurrency(3).build(), in -> {
          threads.add(Thread.currentThread());
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          open.await(); // every batch holds until three ran at once
          running.decrementAndGet();
          return doubled(in);
        });
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      futures.add(b.submit(i));
    }
    try {
      Await.until("three batches running at once", LONG, () -> running.get() == 3);
    } finally {
      open.countDown();
    }
    for (int i = 0; i < 60; i++) {
      assertThat(get(futures.get(i))).isEqualTo(2 * i);
    }
    assertThat(peak.get()).as("never more than maxConcurrency").isEqualTo(3);
    assertThat(threads).allSatisfy(t -> {
      assertThat(t.getName()).startsWith("decor-batch-T.conc-");
      assertThat(t.isDaemon()).isTrue();
    });
  }

  @Test
  void aFullQueueRejectsAtOnceNamingTheMethodAndCapacity() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Batcher<Integer, Integer> b = engine.batch("T.full-queue",
        spec().maxSize(1).maxWait("0ms").queueCapacity(2).build(), in -> {
          started.countDown();
          release.await();
          return doubled(in);
        });
    CompletableFuture<Integer> running = b.submit(1);
    started.await();
    CompletableFuture<Integer> q1 = b.submit(2);
    CompletableFuture<Integer> q2 = b.submit(3);
    CompletableFuture<Integer> rejected = b.submit(4);
    assertThat(rejected).isCompletedExceptionally();
    assertThat(failure(rejected)).isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("[decor/BatchQueueFull]").hasMessageContaining("'T.full-queue'")
        .hasMessageContaining("(2 items waiting)");
    assertThatThrownBy(() -> b.apply(5)).hasMessageContaining("[decor/BatchQueueFull]");
    assertThat(meters.get("decor.batch.rejections").counter().count()).isEqualTo(2.0);
    release.countDown();
    assertThat(List.of(get(running), get(q1), get(q2))).containsExactly(2, 4, 6);
  }

  @Test
  void aResultListOfTheWrongSizeFailsEveryItem() throws Exception {
    Batcher<Integer, Integer> b = engine.batch("T.size", spec().maxSize(3).maxWait("1h").build(),
        in -> doubled(in).subList(0, 2));
    List<CompletableFuture<Integer>> futures = List.of(b.submit(1), b.submit(2), b.submit(3));
    for (CompletableFuture<Integer> f : futures) {
      assertThat(failure(f)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("[decor/BatchResultSize]").hasMessageContaining("'T.size'")
          .hasMessageContaining("2 results for a batch of 3");
    }
  }

  @Test
  void aNullResultForAPrimitiveItemMethodFailsEveryItemOfTheBatch() throws Throwable {
    Chain chain = engine.chain(MethodKey.of(Model.class, "predictInt", Integer.class),
        spec().method("predictAll").maxSize(2).maxWait("1h").build());
    Model m = new Model();
    BatchMethod<Integer, Integer> nullFirst = xs -> {
      List<Integer> out = new ArrayList<>(doubled(xs));
      out.set(0, null);
      return out;
    };
    List<CompletableFuture<Object>> calls = List.of(
        CompletableFuture.supplyAsync(() -> invoke(chain, m, 2, nullFirst)),
        CompletableFuture.supplyAsync(() -> invoke(chain, m, 3, nullFirst)));
    for (CompletableFuture<Object> call : calls) {
      assertThat(failure(call)).isExactlyInstanceOf(IllegalStateException.class)
          .hasMessage(Messages.batchNullResult("Model.predictInt", 0, "int"));
    }
    // An Integer (not int) method takes null as an answer.
    Chain boxed = engine.chain(MethodKey.of(Model.class, "predict", Integer.class),
        spec().method("predictAll").maxSize(1).maxWait("0ms").build());
    assertThat(boxed.invokeBatched(m, 3, nullFirst)).isNull();
  }

  /** {@link Chain#invokeBatched}, rethrowing unchecked. */
  private static Object invoke(Chain chain, Object self, Integer item,
      BatchMethod<Integer, Integer> batch) {
    try {
      return chain.invokeBatched(self, item, batch);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new java.lang.reflect.UndeclaredThrowableException(t);
    }
  }

  @Test
  void aPartialBatchFailureNamingAnItemOutsideTheBatchFailsEveryItem() throws Exception {
    Batcher<Integer, Integer> b = engine.batch("T.partial-index",
        spec().maxSize(1).maxWait("0ms").build(), in -> {
          throw new PartialBatchFailure(doubled(in), Map.of(99, new IllegalStateException("x")));
        });
    assertThat(failure(b.submit(1))).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage(Messages.batchFailureIndex("T.partial-index", 99, 1));
    Batcher<Integer, Integer> negative = engine.batch("T.partial-negative",
        spec().maxSize(1).maxWait("0ms").build(), in -> {
          throw new PartialBatchFailure(doubled(in), Map.of(-1, new IllegalStateException("x")));
        });
    assertThat(failure(negative.submit(1)))
        .hasMessage(Messages.batchFailureIndex("T.partial-negative", -1, 1));
  }

  @Test
  void anExceptionOrErrorFailsEveryItemOfItsBatchAndTheWorkerGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Batcher<Integer, Integer> b = engine.batch("T.throws", spec().maxSize(2).maxWait("1h").build(),
        in -> {
          switch (calls.incrementAndGet()) {
            case 1: throw new IllegalStateException("model down");
            case 2: throw new StackOverflowError("deep");
            default: return doubled(in);
          }
        });
    List<CompletableFuture<Integer>> first = List.of(b.submit(1), b.submit(2));
    for (CompletableFuture<Integer> f : first) {
      assertThat(failure(f)).isInstanceOf(IllegalStateException.class).hasMessage("model down");
    }
    List<CompletableFuture<Integer>> second = List.of(b.submit(1), b.submit(2));
    for (CompletableFuture<Integer> f : second) {
      assertThat(failure(f)).isInstanceOf(StackOverflowError.class);
    }
    CompletableFuture<Integer> third = b.submit(3);
    b.submit(4);
    assertThat(get(third)).isEqualTo(6);
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void aSynchronousCallerGetsExactlyWhatTheBatchThrew() {
    Batcher<Integer, Integer> b = engine.batch("T.sync-throws",
        spec().maxSize(1).maxWait("0ms").build(), in -> {
          throw new IllegalArgumentException("bad item " + in);
        });
    assertThatThrownBy(() -> b.apply(7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad item [7]");
  }

  @Test
  void partialBatchFailureFailsOnlyTheItemsItLists() throws Exception {
    Batcher<Integer, Integer> b = engine.batch("T.partial",
        spec().maxSize(3).maxWait("1h").build(),
        in -> {
          throw new PartialBatchFailure(doubled(in), Map.of(1, new IllegalStateException("odd")));
        });
    List<CompletableFuture<Integer>> f = List.of(b.submit(1), b.submit(2), b.submit(3));
    assertThat(get(f.get(0))).isEqualTo(2);
    assertThat(failure(f.get(1))).hasMessage("odd");
    assertThat(get(f.get(2))).isEqualTo(6);
  }

  /**
   * A batch method that calls its own batcher (a sum down to zero, one level per item): each such
   * item runs at once on the worker, as a batch of one — queued, it would wait for this very
   * worker, and it and every later caller would hang.
   */
  @Test
  void anItemItsOwnBatchMethodSubmitsRunsAtOnceOnTheWorkerAsABatchOfOne() throws Exception {
    AtomicReference<Batcher<Integer, Integer>> self = new AtomicReference<>();
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    self.set(engine.batch("T.sumDown", spec().maxSize(4).maxWait("0ms").build(), in -> {
      batches.add(List.copyOf(in));
      threads.add(Thread.currentThread().getName());
      List<Integer> out = new ArrayList<>();
      for (int x : in) {
        out.add(x <= 0 ? 0 : x + self.get().apply(x - 1));
      }
      return out;
    }));
    assertThat(get(self.get().submit(3))).isEqualTo(6);
    assertThat(batches).containsExactly(List.of(3), List.of(2), List.of(1), List.of(0));
    assertThat(threads).containsOnly("decor-batch-T.sumDown-1");
    assertThat(get(self.get().submit(1))).as("the batcher still serves callers").isEqualTo(1);
    assertThat(meters.get("decor.batch.items").tag("name", "T.sumDown").counter().count())
        .isEqualTo(6.0);
  }

  /** A batch method that records its batches and holds each until released. */
  private static final class Gate {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch started = new CountDownLatch(1);
    final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    List<Integer> doubled(List<Integer> in) throws InterruptedException {
      batches.add(List.copyOf(in));
      started.countDown();
      release.await();
      return BatchedTest.doubled(in);
    }
  }

  @Test
  void aCancelledItemIsDroppedBeforeDispatch() throws Exception {
    Gate gate = new Gate();
    Batcher<Integer, Integer> b = engine.batch("T.cancel",
        spec().maxSize(10).maxWait("0ms").build(), gate::doubled);
    CompletableFuture<Integer> first = b.submit(0);
    gate.started.await();
    CompletableFuture<Integer> cancelled = b.submit(1);
    CompletableFuture<Integer> kept = b.submit(2);
    assertThat(cancelled.cancel(true)).isTrue();
    gate.release.countDown();
    assertThat(get(first)).isZero();
    assertThat(get(kept)).isEqualTo(4);
    assertThat(gate.batches).containsExactly(List.of(0), List.of(2));
  }

  @Test
  void anInterruptedWorkerFailsItsBatchAndServesTheNext() throws Exception {
    AtomicReference<Thread> worker = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    Batcher<Integer, Integer> b = engine.batch("T.interrupt",
        spec().maxSize(1).maxWait("0ms").build(), in -> {
          if (calls.incrementAndGet() == 1) {
            worker.set(Thread.currentThread());
            Thread.sleep(60_000); // a batch method blocked until the test interrupts it
          }
          return doubled(in);
        });
    CompletableFuture<Integer> f = b.submit(1);
    Await.until("the batch to start", LONG, () -> worker.get() != null);
    worker.get().interrupt();
    assertThat(failure(f)).isInstanceOf(InterruptedException.class);
    assertThat(get(b.submit(5))).isEqualTo(10);
  }

  @Test
  void anInterruptedCallerCancelsItsItemAndKeepsItsInterruptStatus() throws Exception {
    Gate gate = new Gate();
    Batcher<Integer, Integer> b = engine.batch("T.caller-interrupt",
        spec().maxSize(10).maxWait("0ms").build(), gate::doubled);
    CompletableFuture<Integer> first = b.submit(0);
    gate.started.await();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        b.apply(1);
      } catch (Throwable t) {
        thrown.set(t);
        flag.set(Thread.currentThread().isInterrupted());
      }
    });
    caller.start();
    Await.until("the caller to wait", LONG, () -> caller.getState() == Thread.State.WAITING);
    caller.interrupt();
    caller.join(LONG.toMillis());
    assertThat(thrown.get()).isInstanceOf(CancellationException.class)
        .hasMessageContaining("[decor/BatchInterrupted]");
    assertThat(flag.get()).isTrue();
    gate.release.countDown();
    assertThat(get(first)).isZero();
    assertThat(get(b.submit(2))).isEqualTo(4);
    assertThat(gate.batches).containsExactly(List.of(0), List.of(2));
  }

  @Test
  void closeDispatchesQueuedItemsAtOnceAndRejectsNewOnes() throws Exception {
    Batcher<Integer, Integer> b = engine.batch("T.close", spec().maxSize(10).maxWait("1h").build(),
        BatchedTest::doubled);
    CompletableFuture<Integer> queued = b.submit(4);
    engine.close();
    assertThat(queued).isCompletedWithValue(8);
    assertThat(failure(b.submit(1))).isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("[decor/BatchShutdown]");
    assertThat(failure(engine.batch("T.after", spec().build(), BatchedTest::doubled).submit(1)))
        .hasMessageContaining("[decor/BatchShutdown]");
  }

  @Test
  void closeFailsABatchThatDoesNotFinishInTimeAndWhatWaitsBehindIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Batcher<Integer, Integer> b = engine.batch("T.stuck", spec().maxSize(1).maxWait("0ms").build(),
        in -> {
          started.countDown();
          while (true) {
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
              // a batch method that ignores interrupts and never returns
            }
          }
        });
    CompletableFuture<Integer> stuck = b.submit(1);
    started.await();
    CompletableFuture<Integer> behind = b.submit(2);
    engine.close();
    assertThat(stuck).isCompletedExceptionally();
    assertThat(failure(stuck)).hasMessageContaining("[decor/BatchShutdown]")
        .hasMessageContaining("'T.stuck'");
    assertThat(failure(behind)).hasMessageContaining("[decor/BatchShutdown]");
  }

  @Test
  void manyCallerThreadsEachGetTheirOwnResult() throws Exception {
    manyCallerThreads("T.many", false);
  }

  @Test
  void manyCallerThreadsEachGetTheirOwnResultEagerAndStillShareBatches() throws Exception {
    manyCallerThreads("T.many-eager", true);
  }

  private void manyCallerThreads(String name, boolean eager) throws Exception {
    Batcher<Integer, Integer> b = engine.batch(name, spec().maxSize(16).maxWait("2ms")
        .maxConcurrency(2).queueCapacity(10_000).eager(eager).build(), BatchedTest::doubled);
    int threads = 32;
    int calls = 200;
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * calls;
      Thread thread = new Thread(() -> {
        try {
          go.await();
          for (int i = base; i < base + calls; i++) {
            int r = b.apply(i);
            if (r != 2 * i) {
              wrong.add(i + " -> " + r);
            }
          }
        } catch (Throwable e) {
          wrong.add(e.toString());
        }
      });
      thread.start();
      started.add(thread);
    }
    go.countDown();
    for (Thread t : started) {
      t.join(60_000);
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(wrong).isEmpty();
    assertThat(meters.get("decor.batch.items").tag("name", name).counter().count())
        .isEqualTo(threads * calls);
    assertThat(meters.get("decor.batch.size").tag("name", name).summary().max())
        .isGreaterThan(1.0);
  }

  // ---- through a chain, as annotated methods run ----

  /** A service whose batch method records the receiver it ran on. */
  static final class Model {
    final List<Object> receivers = new CopyOnWriteArrayList<>();
    final AtomicInteger items = new AtomicInteger();

    public Integer predict(Integer x) {
      throw new AssertionError("the body of a @Batched method never runs");
    }

    public int predictInt(Integer x) {
      throw new AssertionError("the body of a @Batched method never runs");
    }

    public CompletableFuture<Integer> predictAsync(Integer x) {
      throw new AssertionError("the body of a @Batched method never runs");
    }

    public List<Integer> predictAll(List<Integer> xs) {
      receivers.add(this);
      items.addAndGet(xs.size());
      return doubled(xs);
    }

    public List<Integer> predictAll(Integer x, Integer y) {
      return List.of();
    }
  }

  private Chain chain(String method, Class<?>... more) {
    return engine.chain(MethodKey.of(Model.class, method, Integer.class),
        spec().method("predictAll").maxSize(4).maxWait("1ms").build());
  }

  @Test
  void aChainBatchesPerReceiverAndCallsTheReceiversBatchMethod() throws Throwable {
    Chain chain = chain("predict");
    Model a = new Model();
    Model b = new Model();
    assertThat(chain.invokeBatched(a, 3, (BatchMethod<Integer, Integer>) a::predictAll)).isEqualTo(6);
    assertThat(chain.invokeBatched(b, 4, (BatchMethod<Integer, Integer>) b::predictAll)).isEqualTo(8);
    assertThat(a.receivers).containsOnly(a);
    assertThat(b.receivers).containsOnly(b);
    Chain async = chain("predictAsync");
    Object f = async.invokeBatched(a, 5, (BatchMethod<Integer, Integer>) a::predictAll);
    assertThat(f).isInstanceOf(CompletableFuture.class);
    assertThat(get((CompletableFuture<?>) f)).isEqualTo(10);
  }

  @Test
  void aBatchedReceiverCanBeCollectedWhileItsWorkerLives() throws Throwable {
    Chain chain = chain("predict");
    Model m = new Model();
    assertThat(chain.invokeBatched(m, 3, (BatchMethod<Integer, Integer>) m::predictAll))
        .isEqualTo(6);
    java.lang.ref.WeakReference<Model> ref = new java.lang.ref.WeakReference<>(m);
    m = null;
    Await.collected("a receiver whose items were all answered", ref);
  }

  @Test
  void manyVirtualCallerThreadsEachGetTheirOwnResult() throws Exception {
    manyVirtualCallerThreads("T.virtual", false);
  }

  @Test
  void manyVirtualCallerThreadsEachGetTheirOwnResultEager() throws Exception {
    manyVirtualCallerThreads("T.virtual-eager", true);
  }

  private void manyVirtualCallerThreads(String name, boolean eager) throws Exception {
    java.util.concurrent.ExecutorService virtual = VirtualThreads21.executor();
    Batcher<Integer, Integer> b = engine.batch(name, spec().maxSize(64).maxWait("2ms")
        .queueCapacity(100_000).eager(eager).build(), BatchedTest::doubled);
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < 2000; i++) {
      int item = i;
      virtual.execute(() -> {
        Integer r = b.apply(item);
        if (r != 2 * item) {
          wrong.add(item + " -> " + r);
        }
      });
    }
    virtual.shutdown();
    assertThat(virtual.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(wrong).isEmpty();
    assertThat(meters.get("decor.batch.items").tag("name", name).counter().count())
        .isEqualTo(2000.0);
  }

  @Test
  void timedAndCachedComposeACacheHitNeverQueues() throws Throwable {
    Chain chain = engine.chain(MethodKey.of(Model.class, "predict", Integer.class),
        spec().method("predictAll").maxWait("0ms").build(), TimedSpec.builder().build(),
        CachedSpec.builder().build());
    Model m = new Model();
    BatchMethod<Integer, Integer> batch = m::predictAll;
    assertThat(chain.invokeBatched(m, 3, batch)).isEqualTo(6);
    assertThat(chain.invokeBatched(m, 3, batch)).isEqualTo(6);
    assertThat(m.items.get()).isEqualTo(1);
    assertThat(engine.timingStats("Model.predict").count()).isEqualTo(2);
    assertThat(chain.toString()).contains("Batched[").contains("Timed").contains("Cache");
  }

  @Test
  void retryOrGradBesideBatchedIsRejectedWithWhereToPutIt() {
    MethodKey key = MethodKey.of(Model.class, "predict", Integer.class);
    BatchedSpec batched = spec().method("predictAll").build();
    assertThatThrownBy(() -> engine.chain(key, batched, RetrySpec.builder().build()))
        .hasMessageContaining("[decor/BatchedCombination]").hasMessageContaining("@Retry")
        .hasMessageContaining("'predict(Integer)'");
    assertThatThrownBy(() -> engine.chain(key, batched, GradSpec.NO_GRAD))
        .hasMessageContaining("[decor/BatchedCombination]").hasMessageContaining("@NoGrad");
    assertThatThrownBy(() -> engine.chain(
        MethodKey.of(Model.class, "predictAll", Integer.class, Integer.class), batched))
        .hasMessageContaining("[decor/BatchedSignature]");
  }

  @Test
  void theFrontEndsFunctionsAreTheBatchersOwn() throws Exception {
    Batcher<Integer, Integer> b = engine.batch("T.fn", spec().maxWait("0ms").build(),
        BatchedTest::doubled);
    Function<Integer, Integer> sync = b;
    Function<Integer, CompletableFuture<Integer>> async = b.async();
    assertThat(sync.apply(2)).isEqualTo(4);
    assertThat(get(async.apply(3))).isEqualTo(6);
  }

  @Test
  void specValuesAreCheckedWithDecorMessages() {
    assertThatThrownBy(() -> spec().maxSize(0).build())
        .hasMessage("[decor/BatchedValue] @Batched(maxSize = 0) must be at least 1.");
    assertThatThrownBy(() -> spec().maxConcurrency(0).build())
        .hasMessageContaining("@Batched(maxConcurrency = 0)");
    assertThatThrownBy(() -> spec().queueCapacity(-1).build())
        .hasMessageContaining("@Batched(queueCapacity = -1)");
    assertThatThrownBy(() -> spec().maxWait("soon").build())
        .hasMessageContaining("@Batched(maxWait)");
    assertThat(BatchedSpec.checkMethod("predict All")).contains("[decor/BatchMethod]");
    assertThat(BatchedSpec.checkMethod("predictAll")).isNull();
  }
}
