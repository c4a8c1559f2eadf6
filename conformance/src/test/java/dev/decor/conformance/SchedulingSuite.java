package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.DeadlineExceededException;
import dev.decor.batch.BatchPriority;
import dev.decor.internal.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code @Batched}'s scheduler as users observe it, in every {@link Mode}: an item past its
 * {@code queueTimeout} or its caller's {@code @Timeout} fails undispatched; higher priorities go
 * first; {@code maxCost} bounds a batch by its items' cost; a preferred size goes without waiting.
 * A batch held running on a latch makes what queues behind it known; no test sleeps.
 */
abstract class SchedulingSuite extends BatchedEngineSuite {
  abstract Mode mode();

  /** Runs "hold" through {@code method} and waits until its batch runs. */
  private static CompletableFuture<String> hold(SchedulingService s,
      java.util.function.Function<String, CompletableFuture<String>> method) throws Exception {
    assertThat(get(method.apply("warm"))).isEqualTo("warm"); // worker started, classes loaded
    CompletableFuture<String> held = method.apply("hold");
    assertThat(s.running.await(LONG_SECONDS, TimeUnit.SECONDS)).isTrue();
    return held;
  }

  private static void until(long start, long millis) {
    long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait(); // time passing, not a wait before an assertion
    }
  }

  @Test
  void anItemPastItsQueueTimeoutFailsWithoutBeingDispatched() throws Exception {
    SchedulingService s = mode().create(SchedulingService.class);
    CompletableFuture<String> held = hold(s, s::withQueueTimeout);
    CompletableFuture<String> late = s.withQueueTimeout("late");
    long start = System.nanoTime(); // after its arrival: its deadline is before start + 1 s
    until(start, 1001);
    s.release.countDown();
    assertThat(get(held)).isEqualTo("hold");
    assertThat(failure(late)).isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.batchQueueTimeout("SchedulingService.withQueueTimeout",
            "its queueTimeout 1s"));
    assertThat(s.seen()).containsExactly("warm", "hold");
    assertThat(meters.get("decor.batch.deadline.drops")
        .tag("name", "SchedulingService.withQueueTimeout").counter().count()).isEqualTo(1.0);
  }

  @Test
  void aCallerTimeoutCountsTheQueueAndItsItemIsNeverDispatched() throws Exception {
    SchedulingService s = mode().create(SchedulingService.class);
    assertThat(s.withCallerTimeout("warm")).isEqualTo("warm");
    CompletableFuture<String> held =
        CompletableFuture.supplyAsync(() -> call(s, "hold"));
    assertThat(s.running.await(LONG_SECONDS, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    assertThatThrownBy(() -> s.withCallerTimeout("late"))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.timeout("SchedulingService.withCallerTimeout", "1s"));
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(
        TimeUnit.MILLISECONDS.toNanos(990));
    s.release.countDown();
    // "hold" itself ran past its second: its caller got the timeout, the batch still ran.
    assertThat(failure(held)).isInstanceOf(DeadlineExceededException.class);
    assertThat(s.withCallerTimeout("after")).isEqualTo("after");
    assertThat(s.seen()).containsExactly("warm", "hold", "after");
  }

  private static String call(SchedulingService s, String item) {
    try {
      return s.withCallerTimeout(item);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void higherPriorityItemsGoFirst() throws Exception {
    SchedulingService s = mode().create(SchedulingService.class);
    CompletableFuture<String> held = hold(s, s::oneAtATime);
    List<CompletableFuture<String>> all = new ArrayList<>();
    all.add(s.oneAtATime("low1"));
    all.add(s.oneAtATime("low2"));
    try (BatchPriority.Scope p = BatchPriority.of(1)) {
      all.add(s.oneAtATime("high"));
    }
    s.release.countDown();
    get(held);
    for (CompletableFuture<String> f : all) {
      get(f);
    }
    assertThat(s.seen()).containsExactly("warm", "hold", "high", "low1", "low2");
  }

  @Test
  void aBatchHoldsAtMostMaxCostByTheCostMethod() throws Exception {
    SchedulingService s = mode().create(SchedulingService.class);
    CompletableFuture<String> held = hold(s, s::byLength);
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (String item : List.of("aaaa", "bbbb", "cc", "dddd", "eeeeeeeeeeee")) {
      all.add(s.byLength(item));
    }
    s.release.countDown();
    get(held);
    for (CompletableFuture<String> f : all) {
      get(f);
    }
    assertThat(s.batches).containsExactly(List.of("warm"), List.of("hold"),
        List.of("aaaa", "bbbb", "cc"), List.of("dddd"), List.of("eeeeeeeeeeee"));
  }

  @Test
  void aPreferredSizeGoesWithoutWaitingMaxWait() throws Exception {
    SchedulingService s = mode().create(SchedulingService.class);
    CompletableFuture<String> a = s.preferringPairs("a");
    CompletableFuture<String> b = s.preferringPairs("b");
    assertThat(get(a)).isEqualTo("a"); // maxWait is an hour
    assertThat(get(b)).isEqualTo("b");
    assertThat(s.batches).containsExactly(List.of("a", "b"));
  }
}
