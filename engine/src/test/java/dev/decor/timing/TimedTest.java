package dev.decor.timing;

import dev.decor.internal.Shape;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.fixtures.CountingEmbedder;
import dev.decor.fixtures.FlakyService;
import dev.decor.fixtures.StdErr;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.spec.GradSpec;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

class TimedTest {
  private static final String LABEL = "CountingEmbedder.label";
  private static final String ASYNC = "FlakyService.callAsync";
  private static final MethodKey LABEL_KEY =
      MethodKey.of(CountingEmbedder.class, "label", String.class, int.class);
  private static final MethodKey ASYNC_KEY =
      MethodKey.of(FlakyService.class, "callAsync", String.class);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountingEmbedder embedder = new CountingEmbedder();

  /** The engine's clock, moved by the tests: a body "takes" exactly what it adds. */
  private final AtomicLong now = new AtomicLong();

  /** This test's own engine: its own timings, reporting to its own registry, on its clock. */
  private final Decor decor = Decor.builder().meterRegistry(registry).nanoTime(now::get).build();

  private Object label(Chain chain, int n) throws Throwable {
    return chain.invoke(embedder, () -> embedder.label("x", n));
  }

  private Timer timer(String name, String exception) {
    return registry.get(name)
        .tags("class", CountingEmbedder.class.getName(), "method", "label", "exception", exception)
        .timer();
  }

  @Test
  void recordsCountTotalMaxAndMeanUnderTheDefaultName() throws Throwable {
    Chain chain = decor.chain(LABEL_KEY, TimedSpec.of("", false));
    assertThat(label(chain, 1)).isEqualTo("x#1");
    chain.invoke(embedder, () -> {
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(20));
      return "slow";
    });
    label(chain, 3);

    TimingStats stats = decor.timingStats(LABEL);
    assertThat(stats.count()).isEqualTo(3);
    assertThat(stats.maxNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(stats.totalNanos()).as("the other two took no time").isEqualTo(stats.maxNanos());
    assertThat(stats.meanNanos()).isEqualTo(stats.totalNanos() / 3.0);
    assertThat(decor.timingNames()).contains(LABEL);
    assertThat(decor.timingStats("Nobody.nothing")).isEqualTo(TimingStats.EMPTY);
  }

  @Test
  void resetZeroesTheStats() throws Throwable {
    Chain chain = decor.chain(LABEL_KEY, TimedSpec.of("", false));
    label(chain, 1);
    decor.resetTimings(LABEL);
    assertThat(decor.timingStats(LABEL)).isEqualTo(new TimingStats(0, 0, 0, 0.0));
  }

  @Test
  void failingCallsAreRecordedAndRethrownAsTheyAre() throws Throwable {
    Chain chain = decor.chain(LABEL_KEY, TimedSpec.of("", false));
    IOException failure = new IOException("down");
    assertThatThrownBy(() -> chain.invoke(embedder, () -> {
      throw failure;
    })).isSameAs(failure);
    label(chain, 2);

    assertThat(decor.timingStats(LABEL).count()).isEqualTo(2);
    assertThat(timer("method.timed", "IOException").count()).isEqualTo(1);
    assertThat(timer("method.timed", "none").count()).isEqualTo(1);
  }

  @Test
  void micrometerTimerIsMethodTimedWithClassMethodAndExceptionTags() throws Throwable {
    Chain chain = decor.chain(LABEL_KEY, TimedSpec.of("", false));
    label(chain, 1);
    label(chain, 2);

    Timer timer = timer("method.timed", "none");
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.NANOSECONDS))
        .isEqualTo((double) decor.timingStats(LABEL).totalNanos());
    assertThat(timer.getId().getTag("class")).isEqualTo("dev.decor.fixtures.CountingEmbedder");
    assertThat(registry.getMeters()).hasSize(1);
  }

  @Test
  void valueNamesTheMicrometerTimerButNotTheDecorName() throws Throwable {
    Chain chain = decor.chain(LABEL_KEY, TimedSpec.of("embedding.label", false));
    label(chain, 1);
    assertThat(timer("embedding.label", "none").count()).isEqualTo(1);
    assertThat(registry.find("method.timed").timer()).isNull();
    assertThat(decor.timingStats(LABEL).count()).isEqualTo(1);
  }

  @Test
  void bindToMovesLaterCallsToTheNewRegistry() throws Throwable {
    Chain chain = decor.chain(LABEL_KEY, TimedSpec.of("", false));
    label(chain, 1);
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    decor.bindTo(other);
    label(chain, 2);
    assertThat(timer("method.timed", "none").count()).isEqualTo(1);
    assertThat(other.get("method.timed").tag("exception", "none").timer().count()).isEqualTo(1);
  }

  @Test
  void unboundTimingsGoToMicrometersGlobalRegistry() throws Throwable {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.addRegistry(global);
    try {
      label(Decor.builder().build().chain(LABEL_KEY, TimedSpec.of("global.label", false)), 1);
      assertThat(global.get("global.label").tag("method", "label").timer().count()).isEqualTo(1);
    } finally {
      Metrics.removeRegistry(global);
    }
  }

  @Test
  void aCompletionStageIsTimedUntilItCompletes() throws Throwable {
    Chain chain = decor.chain(ASYNC_KEY, TimedSpec.of("", false));
    CompletableFuture<String> pending = new CompletableFuture<>();
    Object returned = chain.invoke(null, () -> pending);
    assertThat(returned).isSameAs(pending);
    assertThat(decor.timingStats(ASYNC).count()).isZero();

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(30)); // the work the stage stands for
    pending.complete("done");

    TimingStats stats = decor.timingStats(ASYNC);
    assertThat(stats.count()).isEqualTo(1);
    assertThat(stats.totalNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    assertThat(registry.get("method.timed").tag("method", "callAsync").tag("exception", "none")
        .timer().count()).isEqualTo(1);
  }

  @Test
  void aStageCompletingExceptionallyIsTaggedWithTheCause() throws Throwable {
    Chain chain = decor.chain(ASYNC_KEY, TimedSpec.of("", false));
    CompletableFuture<String> pending = new CompletableFuture<>();
    chain.invoke(null, () -> pending.thenApply(s -> s));
    pending.completeExceptionally(new IllegalStateException("late failure"));
    assertThat(decor.timingStats(ASYNC).count()).isEqualTo(1);
    assertThat(registry.get("method.timed").tag("method", "callAsync")
        .tag("exception", "IllegalStateException").timer().count()).isEqualTo(1);
  }

  // --- the hooks a front end calls around a body it runs itself (Chain's fast paths) ---

  /**
   * Many threads making their first calls at once (cold start) through the timing hooks: the
   * count, total and max are exact once they have returned. Each thread's calls take as long as
   * its number, by a clock that advances per thread.
   */
  @Test
  void statsStayExactUnderManyPlatformThreadsFromAColdStart() throws Throwable {
    exactUnderConcurrency(Executors.newFixedThreadPool(16), 16, 5_000);
  }

  @Test
  void statsStayExactUnderManyVirtualThreadsFromAColdStart() throws Throwable {
    exactUnderConcurrency(VirtualThreads21.executor(), 1_000, 50);
  }

  private static void exactUnderConcurrency(ExecutorService pool, int tasks, int calls)
      throws Throwable {
    ThreadLocal<long[]> clock = ThreadLocal.withInitial(() -> new long[2]); // {now, step}
    Decor engine = Decor.builder().meterRegistry(new SimpleMeterRegistry())
        .nanoTime(() -> clock.get()[0] += clock.get()[1]).build();
    Chain chain = engine.chain(LABEL_KEY, TimedSpec.of("", false));
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 1; t <= tasks; t++) {
        long step = t;
        done.add(pool.submit(() -> {
          go.await();
          clock.get()[1] = step;
          for (int i = 0; i < calls; i++) {
            chain.timedEnd(chain.timedStart(), null);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    TimingStats stats = engine.timingStats(LABEL);
    assertThat(stats.count()).isEqualTo((long) tasks * calls);
    assertThat(stats.totalNanos()).isEqualTo((long) calls * tasks * (tasks + 1) / 2);
    assertThat(stats.maxNanos()).isEqualTo(tasks);
  }

  @Test
  void theTimingHooksRecordWhatInvokeRecords() throws Throwable {
    Chain chain = decor.chain(LABEL_KEY, TimedSpec.of("", false));
    assertThat(chain.shape()).isEqualTo(Shape.TIMED_ONLY);
    long start = chain.timedStart();
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(chain.timedEnd(start, "x#1")).isEqualTo("x#1");
    chain.timedFailed(chain.timedStart(), new IOException("down"));

    TimingStats stats = decor.timingStats(LABEL);
    assertThat(stats.count()).isEqualTo(2);
    assertThat(stats.maxNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(timer("method.timed", "none").count()).isEqualTo(1);
    assertThat(timer("method.timed", "IOException").count()).isEqualTo(1);
  }

  @Test
  void theEndHookTimesAReturnedStageUntilItCompletes() throws Throwable {
    Chain chain = decor.chain(ASYNC_KEY, TimedSpec.of("", false));
    CompletableFuture<String> pending = new CompletableFuture<>();
    assertThat(chain.timedEnd(chain.timedStart(), pending)).isSameAs(pending);
    assertThat(decor.timingStats(ASYNC).count()).isZero();
    pending.completeExceptionally(new IllegalStateException("late"));
    assertThat(registry.get("method.timed").tag("method", "callAsync")
        .tag("exception", "IllegalStateException").timer().count()).isEqualTo(1);
  }

  @Test
  void theTimingHooksRefuseAChainWithOtherDecorators() {
    Chain chain = decor.chain(LABEL_KEY, TimedSpec.of("", false), GradSpec.NO_GRAD);
    assertThat(chain.shape()).isNotEqualTo(Shape.TIMED_ONLY);
    assertThatThrownBy(chain::timedStart).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("other than @Timed");
  }

  @Test
  @ResourceLock(Resources.SYSTEM_ERR) // swaps System.err, as other tests capturing it do
  void logTrueWritesOneInfoLinePerCallAndLogFalseNone() throws Throwable {
    String quiet = StdErr.capture(() -> label(decor.chain(LABEL_KEY, TimedSpec.of("", false)), 1));
    assertThat(quiet).doesNotContain("took");

    Chain logged = decor.chain(LABEL_KEY, TimedSpec.of("", true));
    String out = StdErr.capture(() -> {
      label(logged, 1);
      label(logged, 2);
    });
    assertThat(out.lines().filter(l -> l.contains(LABEL + " took ")))
        .hasSize(2)
        .allMatch(l -> l.matches(".*INFO dev\\.decor\\.Timed - " + Pattern.quote(LABEL)
            + " took \\d+(\\.\\d+)? (ns|us|ms|s)$"), "an INFO line '<name> took <duration>'");
  }



  @Test
  void durationsAreFormattedWithTheirUnit() {
    assertThat(TimedDecorator.format(850)).isEqualTo("850 ns");
    assertThat(TimedDecorator.format(12_300)).isEqualTo("12.3 us");
    assertThat(TimedDecorator.format(4_560_000)).isEqualTo("4.56 ms");
    assertThat(TimedDecorator.format(1_200_000_000)).isEqualTo("1.20 s");
  }
}
