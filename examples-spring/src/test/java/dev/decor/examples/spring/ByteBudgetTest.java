package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The byte budget the service admits request bodies and decodes by. */
class ByteBudgetTest {
  @Test
  void aLargeReservationLeavesTheLastEighthForSmallOnes() throws Exception {
    ByteBudget budget = new ByteBudget("test", 6400); // large: above 100 bytes; 800 kept for small ones
    assertThat(budget.largest()).isEqualTo(5600);
    assertThat(budget.tryReserve(5601, 0)).as("more than a large one may ever take").isFalse();
    assertThat(budget.tryReserve(5600, 0)).isTrue();
    assertThat(budget.tryReserve(101, 0)).as("a large one, into the kept eighth").isFalse();
    for (int i = 0; i < 8; i++) {
      assertThat(budget.tryReserve(100, 0)).as("small one %d", i).isTrue();
    }
    assertThat(budget.used()).isEqualTo(6400);
    assertThat(budget.tryReserve(1, 0)).isFalse();
    budget.release(6400);
    assertThat(budget.used()).isZero();
    assertThat(ByteBudget.capacityFor(5600)).isEqualTo(6399); // 6399 - 6399 / 8 = 5600
    assertThat(new ByteBudget("test", ByteBudget.capacityFor(5601)).largest()).isGreaterThanOrEqualTo(5601);
    assertThat(new ByteBudget("test", ByteBudget.capacityFor(5601) - 1).largest()).isLessThan(5601);
  }

  @Test
  @Timeout(10)
  void aWaiterGetsItsBytesWhenAnotherGivesThemBackAndGivesUpAfterItsWait() throws Exception {
    ByteBudget budget = new ByteBudget("test", 6400);
    assertThat(budget.tryReserve(5600, 0)).isTrue();
    long t0 = System.nanoTime();
    assertThat(budget.tryReserve(2000, TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));

    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
      waiting.countDown();
      try {
        return budget.tryReserve(2000, TimeUnit.SECONDS.toNanos(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    waiting.await();
    budget.release(5600);
    assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(budget.used()).isEqualTo(2000);
  }

  @Test
  @Timeout(60)
  void platformThreadsStartingTogetherNeverHoldMoreThanTheBudgetAndGiveItAllBack() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(64);
    try {
      hammer(threads);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  @Timeout(60)
  void virtualThreadsStartingTogetherNeverHoldMoreThanTheBudgetAndGiveItAllBack() throws Exception {
    ExecutorService threads;
    try {
      threads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      threads = null;
    }
    assumeTrue(threads != null, "virtual threads need Java 21+");
    try {
      hammer(threads);
    } finally {
      threads.shutdownNow();
    }
  }

  /** 64 tasks released at once, each reserving and giving back 500 random sizes, small and large. */
  private static void hammer(ExecutorService threads) throws Exception {
    ByteBudget budget = new ByteBudget("test", 64 * 1024);
    AtomicLong held = new AtomicLong();
    AtomicLong most = new AtomicLong();
    AtomicLong granted = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> tasks = new ArrayList<>();
    for (int t = 0; t < 64; t++) {
      tasks.add(threads.submit(() -> {
        start.await();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 500; i++) {
          long bytes = random.nextBoolean() ? random.nextLong(1, 1024) : random.nextLong(1024, 16 * 1024);
          if (budget.tryReserve(bytes, TimeUnit.MILLISECONDS.toNanos(1))) {
            granted.incrementAndGet();
            most.accumulateAndGet(held.addAndGet(bytes), Math::max);
            Thread.yield();
            held.addAndGet(-bytes);
            budget.release(bytes);
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> task : tasks) {
      task.get(50, TimeUnit.SECONDS);
    }
    assertThat(most.get()).as("bytes held at once, at most").isPositive().isLessThanOrEqualTo(budget.capacity());
    assertThat(granted.get()).isPositive();
    assertThat(budget.used()).isZero();
  }
}
