package dev.decor.timeout;

import static dev.decor.fixtures.Calls.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.DeadlineExceededException;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.fixtures.Workers;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.GradSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimeoutSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Timeout} on the engine: the work is stopped at the deadline on every kind of thread, the
 * interrupt never outlives the call, a late result is discarded and counted, one timer thread
 * serves every call, and a returned stage fails and its source is cancelled.
 */
class TimeoutTest {
  private static final MethodKey FORWARD = MethodKey.of(Model.class, "forward", String.class);
  private static final MethodKey CHECKED =
      MethodKey.of(Model.class, "forwardChecked", String.class);
  private static final MethodKey ASYNC = MethodKey.of(Model.class, "forwardAsync", String.class);

  /** The methods whose keys the chains use; the tests pass each call's body as a lambda. */
  static class Model {
    String forward(String in) {
      return in;
    }

    String forwardChecked(String in) throws TimeoutException {
      return in;
    }

    CompletableFuture<String> forwardAsync(String in) {
      return CompletableFuture.completedFuture(in);
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
    decor.close();
  }

  private Chain chain(MethodKey key, String timeout) {
    return decor.chain(key, TimeoutSpec.of(timeout));
  }

  private double counted(String meter) {
    var counter = registry.find(meter).tag("name", "Model.forward").counter();
    return counter == null ? 0 : counter.count();
  }

  /** What a hung body saw: the thread it ran on, whether it was interrupted, whether it ended. */
  private static final class Hung {
    final AtomicReference<Thread> ranOn = new AtomicReference<>();
    final CountDownLatch interrupted = new CountDownLatch(1);
    final CountDownLatch ended = new CountDownLatch(1);

    Object body() throws InterruptedException {
      ranOn.set(Thread.currentThread());
      try {
        new CountDownLatch(1).await(); // a forward that never returns by itself
        throw new AssertionError("unreachable");
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      } finally {
        ended.countDown();
      }
    }
  }

  /** Calls a hung body through a 100 ms timeout on {@code threads}; returns what it saw. */
  private Hung cutsAHungBody(ExecutorService threads, Chain chain) throws Exception {
    Hung hung = new Hung();
    Future<Object[]> caller = threads.submit(() -> {
      long start = System.nanoTime();
      Throwable thrown = null;
      try {
        chain.invoke(null, hung::body);
      } catch (Throwable t) {
        thrown = t;
      }
      return new Object[] {thrown, System.nanoTime() - start, Thread.currentThread().isInterrupted()};
    });
    Object[] outcome = caller.get(30, TimeUnit.SECONDS);
    Throwable thrown = (Throwable) outcome[0];
    assertThat(thrown).isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.timeout("Model.forward", "100ms"));
    assertThat(((DeadlineExceededException) thrown).timeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(thrown.getSuppressed()).singleElement().isInstanceOf(InterruptedException.class);
    assertThat((long) outcome[1]).as("elapsed").isGreaterThanOrEqualTo(
        TimeUnit.MILLISECONDS.toNanos(100));
    assertThat((boolean) outcome[2]).as("interrupt flag after the call").isFalse();
    assertThat(hung.interrupted.getCount()).as("body interrupted").isZero();
    assertThat(hung.ended.await(10, TimeUnit.SECONDS)).as("body's thread left it").isTrue();
    assertThat(counted("decor.timeout.timeouts")).isEqualTo(1);
    assertThat(counted("decor.timeout.overruns")).isZero();
    return hung;
  }

  @Test
  void aHungBodyOnAPlatformThreadIsInterruptedAtTheDeadlineAndTheThreadFreed() throws Exception {
    executor = Executors.newSingleThreadExecutor();
    Hung hung = cutsAHungBody(executor, chain(FORWARD, "100ms"));

    assertThat(isVirtual(hung.ranOn.get())).isFalse();
    // The caller's own thread ran the body (no thread per call) and is free for the next task.
    assertThat(executor.submit(() -> Thread.currentThread()).get(10, TimeUnit.SECONDS))
        .isSameAs(hung.ranOn.get());
  }

  @Test
  void aHungBodyOnAVirtualThreadIsInterruptedAtTheDeadline() throws Exception {
    executor = VirtualThreads21.executor();
    Hung hung = cutsAHungBody(executor, chain(FORWARD, "100ms"));

    assertThat(isVirtual(hung.ranOn.get())).isTrue();
  }

  @Test
  void aVirtualThreadsGradRegionIsInterruptedOnTheModelThreadThatRunsIt() throws Exception {
    executor = VirtualThreads21.executor();
    Chain chain = decor.chain(FORWARD, TimeoutSpec.of("100ms"), GradSpec.NO_GRAD);

    Hung hung = cutsAHungBody(executor, chain);

    assertThat(hung.ranOn.get().getName()).startsWith("decor-model-");
    // The model thread was freed: the next region runs, and sees no interrupt left behind.
    Boolean interruptedThere = executor.submit(() -> (Boolean) invoke(chain,
        () -> Thread.currentThread().isInterrupted())).get(10, TimeUnit.SECONDS);
    assertThat(interruptedThere).isFalse();
  }

  @Test
  void aMethodDeclaringTimeoutExceptionGetsThatTypeWithTheSameText() {
    Chain chain = chain(CHECKED, "50ms");
    Hung hung = new Hung();

    assertThatThrownBy(() -> chain.invoke(null, hung::body))
        .isExactlyInstanceOf(TimeoutException.class)
        .hasMessage(Messages.timeout("Model.forwardChecked", "50ms"));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aBodyThatIgnoresTheInterruptReturnsLateItsResultDiscardedAndTheOverrunCounted()
      throws Throwable {
    Chain chain = chain(FORWARD, "50ms");
    AtomicInteger lateReturns = new AtomicInteger();
    Callable<Object> stubborn = () -> {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.onSpinWait(); // CPU-bound work that never checks for an interrupt in time
      }
      lateReturns.incrementAndGet();
      return "late result";
    };

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> chain.invoke(null, stubborn::call))
          .isInstanceOf(DeadlineExceededException.class);
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    assertThat(lateReturns).hasValue(2);
    assertThat(counted("decor.timeout.overruns")).isEqualTo(2);
    assertThat(counted("decor.timeout.timeouts")).isEqualTo(2);
  }

  /**
   * The race of the timer firing against the body returning, run many times on each thread:
   * bodies park until just before or just after a 1 ms deadline, or until the interrupt wakes
   * them, and return either way. After every call, timed out or not,
   * the thread's interrupt flag is clear, and the next call's body — which blocks, so an interrupt
   * left over would throw in it — is not interrupted.
   */
  private void anInterruptNeverOutlivesTheCall(ExecutorService threads) throws Exception {
    Chain racing = chain(FORWARD, "1ms");
    Chain next = decor.chain(MethodKey.of(Model.class, "forwardChecked", String.class),
        TimeoutSpec.of("10s"));
    AtomicInteger timedOut = new AtomicInteger();
    AtomicInteger inTime = new AtomicInteger();
    List<Future<?>> callers = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      callers.add(threads.submit(() -> {
        for (int i = 0; i < 1_500; i++) {
          long park = ThreadLocalRandom.current().nextLong(500_000, 1_500_000);
          try {
            invoke(racing, () -> {
              LockSupport.parkNanos(park); // returns on the interrupt too, leaving the flag set
              return "done";
            });
            inTime.incrementAndGet();
          } catch (DeadlineExceededException e) {
            timedOut.incrementAndGet();
          }
          if (Thread.currentThread().isInterrupted()) {
            throw new AssertionError("interrupt left after call " + i);
          }
          invoke(next, () -> {
            // Blocks briefly; a stray interrupt would throw InterruptedException here.
            new CountDownLatch(1).await(10, TimeUnit.MICROSECONDS);
            return "next";
          });
        }
        return null;
      }));
    }
    for (Future<?> caller : callers) {
      caller.get(120, TimeUnit.SECONDS);
    }
    assertThat(timedOut.get() + inTime.get()).isEqualTo(4 * 1_500);
    assertThat(timedOut).as("the timer won some races").hasPositiveValue();
    assertThat(inTime).as("the body won some races").hasPositiveValue();
  }

  @Test
  void anInterruptNeverOutlivesTheCallOnPlatformThreads() throws Exception {
    executor = Executors.newFixedThreadPool(4);
    anInterruptNeverOutlivesTheCall(executor);
  }

  @Test
  void anInterruptNeverOutlivesTheCallOnVirtualThreads() throws Exception {
    executor = VirtualThreads21.executor();
    anInterruptNeverOutlivesTheCall(executor);
  }

  @Test
  void underRetryEachAttemptHasItsOwnTimeout() throws Throwable {
    Chain chain = decor.chain(FORWARD, RetrySpec.builder().maxAttempts(3).build(),
        TimeoutSpec.of("50ms"));
    AtomicInteger attempts = new AtomicInteger();
    List<Long> interruptedAt = new java.util.concurrent.CopyOnWriteArrayList<>();

    Object result = chain.invoke(null, () -> {
      if (attempts.incrementAndGet() < 3) {
        try {
          new CountDownLatch(1).await(); // hangs until its attempt's deadline
        } catch (InterruptedException e) {
          interruptedAt.add(System.nanoTime());
          throw e;
        }
      }
      return "third attempt";
    });

    assertThat(result).isEqualTo("third attempt");
    assertThat(attempts).hasValue(3);
    // The second attempt started after the first was cut, and had 50 ms of its own: a deadline
    // for the whole call would have cut it at once.
    assertThat(interruptedAt.get(1) - interruptedAt.get(0)).isGreaterThanOrEqualTo(
        TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(counted("decor.timeout.timeouts")).isEqualTo(2);
  }

  @Test
  void aStageThatMissesTheDeadlineFailsTheCallersStageAndIsCancelled() throws Throwable {
    Chain chain = chain(ASYNC, "50ms");
    CompletableFuture<String> source = new CompletableFuture<>();

    @SuppressWarnings("unchecked")
    CompletableFuture<String> seen =
        (CompletableFuture<String>) chain.invoke(null, () -> source);

    assertThat(seen).isNotSameAs(source);
    assertThatThrownBy(() -> seen.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(DeadlineExceededException.class)
        .cause().hasMessage(Messages.timeout("Model.forwardAsync", "50ms"));
    assertThat(source.isCancelled()).isTrue();
    assertThatThrownBy(seen::join).isInstanceOf(CompletionException.class);
  }

  @Test
  void aStageCompletedInTimePassesItsValueAndLeavesNothingWatched() throws Throwable {
    TimeoutRegistry timeouts = new TimeoutRegistry(System::nanoTime, Runnable::run, () -> registry);
    TimeoutDecorator decorator =
        new TimeoutDecorator(timeouts, ASYNC, TimeoutSpec.of("10s"), ReturnKind.ASYNC);
    CompletableFuture<String> source = new CompletableFuture<>();

    CompletableFuture<?> seen = (CompletableFuture<?>) decorator.around(
        (self, args, body) -> body.proceed(), null, null, () -> source);
    // The stage's entry, and the thread's reusable one for the synchronous part (kept queued).
    assertThat(timeouts.watchdog().watched()).isEqualTo(2);
    source.complete("value");

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("value");
    assertThat(source.isCancelled()).isFalse();
    assertThat(timeouts.watchdog().watched()).as("the stage's entry removed when it completed")
        .isEqualTo(1);
    timeouts.close();
  }

  @Test
  void nestedCallsSeeTheEarlierDeadlineAndTheInnerOneFiresAlone() throws Throwable {
    Chain outer = decor.chain(CHECKED, TimeoutSpec.of("10s"));
    Chain inner = chain(FORWARD, "50ms");
    AtomicReference<Duration> outerLeft = new AtomicReference<>();
    AtomicReference<Duration> innerLeft = new AtomicReference<>();
    // Timeouts reads the global engine's clock: System.nanoTime, as this engine's.
    {
      Object result = outer.invoke(null, () -> {
        outerLeft.set(Timeouts.remaining().orElseThrow());
        try {
          inner.invoke(null, () -> {
            innerLeft.set(Timeouts.remaining().orElseThrow());
            new CountDownLatch(1).await();
            return null;
          });
        } catch (DeadlineExceededException e) {
          return "inner timed out; outer goes on";
        }
        return "unreachable";
      });

      assertThat(result).isEqualTo("inner timed out; outer goes on");
      assertThat(outerLeft.get()).isGreaterThan(Duration.ofSeconds(5));
      assertThat(innerLeft.get()).isLessThanOrEqualTo(Duration.ofMillis(50));
      assertThat(Timeouts.remaining()).isEmpty();
    }
  }

  /** {@code Thread.isVirtual()}, which Java 17 lacks (every thread is a platform thread there). */
  private static boolean isVirtual(Thread t) {
    try {
      return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }


  /**
   * A cold start: 64 platform and 64 virtual threads make an engine's first timed calls at once;
   * every call completes, one timer thread serves them all, and building the engine's part
   * started none.
   */
  @Test
  void aColdStartOfManyThreadsSharesOneTimerThread() throws Exception {
    TimeoutRegistry timeouts = new TimeoutRegistry(System::nanoTime, Runnable::run, () -> registry);
    TimeoutDecorator decorator =
        new TimeoutDecorator(timeouts, FORWARD, TimeoutSpec.of("10s"), ReturnKind.PLAIN);
    Next body = (self, args, invocation) -> invocation.proceed();
    assertThat(timeouts.watchdog().starts()).as("no thread before a call").isZero();

    List<Object> platform =
        Workers.run(64, i -> decorator.around(body, null, null, () -> "p" + i));
    assertThat(platform).hasSize(64).doesNotHaveDuplicates();
    ExecutorService virtual = null;
    try {
      virtual = VirtualThreads21.executor();
    } catch (org.opentest4j.TestAbortedException beforeJava21) {
      // Java 17: the platform threads' cold start is the test
    }
    if (virtual != null) {
      executor = virtual;
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int index = i;
        calls.add(virtual.submit(() -> {
          go.await();
          try {
            return decorator.around(body, null, null, () -> "v" + index);
          } catch (Throwable t) {
            throw new AssertionError(t);
          }
        }));
      }
      go.countDown();
      for (Future<Object> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS)).asString().startsWith("v");
      }
    }
    assertThat(timeouts.watchdog().starts()).as("one timer thread").isEqualTo(1);
    timeouts.close();
  }

  /**
   * A platform thread's timer entry stays queued for its next call (no lock per call); a virtual
   * thread's leaves when the call ends, so a thread per request leaves nothing behind.
   */
  @Test
  void aVirtualThreadsEntryLeavesTheTimerWhenItsCallEnds() throws Exception {
    TimeoutRegistry timeouts = new TimeoutRegistry(System::nanoTime, Runnable::run, () -> registry);
    TimeoutDecorator decorator =
        new TimeoutDecorator(timeouts, FORWARD, TimeoutSpec.of("1h"), ReturnKind.PLAIN);
    Next body = (self, args, invocation) -> invocation.proceed();
    Callable<Object> call = () -> {
      try {
        return decorator.around(body, null, null, () -> "called");
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    };
    ExecutorService platform = Executors.newSingleThreadExecutor();
    try {
      platform.submit(call).get(10, TimeUnit.SECONDS);
      assertThat(timeouts.watchdog().watched()).as("the platform thread's, kept").isEqualTo(1);
    } finally {
      platform.shutdownNow();
    }
    executor = VirtualThreads21.executor();
    for (int i = 0; i < 100; i++) {
      executor.submit(call).get(10, TimeUnit.SECONDS);
    }
    assertThat(timeouts.watchdog().watched()).as("no virtual thread's left").isEqualTo(1);
    timeouts.close();
  }

  @Test
  void aTimeoutMustBeAPositiveDuration() {
    assertThatThrownBy(() -> TimeoutSpec.of("0ms"))
        .hasMessage(Messages.timeoutValue("0ms"));
    assertThatThrownBy(() -> TimeoutSpec.of("soon"))
        .hasMessage(Messages.badDuration("@Timeout(value)", "soon"));
    assertThatThrownBy(() -> TimeoutSpec.builder().build())
        .hasMessage(Messages.badDuration("@Timeout(value)", "null"));
  }
}
