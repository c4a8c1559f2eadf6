package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.engine.internal.Chain;
import dev.decor.fixtures.FlakyService;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.FallbackSpec;
import dev.decor.spec.RetrySpec;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault tests for {@code @CircuitBreaker} and {@code @Fallback} under many concurrent callers, on
 * platform threads and on virtual threads (JDK 21+; skipped before): a breaker that opens while a
 * dependency fails and closes once it recovers (time moved on the engine's clock, never slept), a
 * fallback for each kind of failure, and a cold start (many threads building and calling one
 * method's chain at once).
 */
class ResilienceFaultTest {
  private static final MethodKey CALL = MethodKey.of(FlakyService.class, "call", String.class);
  private static final int THREADS = 32;

  enum Threads {
    PLATFORM, VIRTUAL;

    ExecutorService executor() {
      return this == PLATFORM ? Executors.newFixedThreadPool(THREADS)
          : VirtualThreads21.executor();
    }
  }

  private final AtomicLong nanos = new AtomicLong();
  private final Decor decor = Decor.builder().nanoTime(nanos::get)
      .meterRegistry(new SimpleMeterRegistry()).instantRetries().build();

  /** Runs {@code task} on {@code THREADS} threads released together; returns their results. */
  private static <T> List<T> together(Threads threads, Callable<T> task) throws Exception {
    ExecutorService pool = threads.executor();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return task.call();
        }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(Threads.class)
  void theBreakerOpensWhileTheDependencyFailsAndClosesOnceItRecovers(Threads threads)
      throws Exception {
    Chain chain = decor.chain(CALL, CircuitBreakerSpec.builder().window(20).failureRate(50)
        .openFor("5s").halfOpenCalls(3).build());
    AtomicBoolean healthy = new AtomicBoolean(false);
    AtomicInteger runs = new AtomicInteger();
    Callable<String> call = () -> {
      try {
        return (String) chain.invoke(null, () -> {
          runs.incrementAndGet();
          if (!healthy.get()) {
            throw new IOException("down");
          }
          return "up";
        });
      } catch (CallNotPermittedException e) {
        return "refused";
      } catch (IOException e) {
        return "failed";
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    };

    List<List<String>> failing = together(threads, () -> {
      List<String> outcomes = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        outcomes.add(call.call());
      }
      return outcomes;
    });
    assertThat(decor.circuitBreaker("FlakyService.call").orElseThrow().getState())
        .isEqualTo(State.OPEN);
    assertThat(runs.get()).as("once the window of 20 failed, only calls already admitted ran")
        .isBetween(20, 20 + THREADS);
    assertThat(failing.stream().flatMap(List::stream).filter("refused"::equals).count())
        .isEqualTo(THREADS * 10L - runs.get());

    int ranWhileOpen = runs.get();
    healthy.set(true);
    assertThat(together(threads, call)).as("open until openFor passes on the engine's clock")
        .containsOnly("refused");
    assertThat(runs).hasValue(ranWhileOpen);

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(5_001));
    List<Integer> refusals = together(threads, () -> {
      int refused = 0;
      for (String outcome = call.call(); !outcome.equals("up"); outcome = call.call()) {
        assertThat(outcome).isEqualTo("refused");
        refused++;
        Thread.yield();
      }
      return refused;
    });
    assertThat(decor.circuitBreaker("FlakyService.call").orElseThrow().getState())
        .isEqualTo(State.CLOSED);
    assertThat(refusals).hasSize(THREADS);
    assertThat(together(threads, call)).containsOnly("up");
  }

  @ParameterizedTest
  @EnumSource(Threads.class)
  void eachKindOfFailureFallsBack(Threads threads) throws Throwable {
    // An exception left after retries, an open breaker, a deadline (a TimeoutException raised by
    // the body as a @Timeout stage would).
    // TODO(res-break): use the real @Timeout stage once res-time is merged (#21).
    AtomicInteger attempts = new AtomicInteger();
    Chain exception = decor.chain(CALL, (self, args, failure) -> "after " + failure,
        FallbackSpec.builder().method("f").build(), RetrySpec.builder().maxAttempts(2).build());
    Chain open = decor.chain(MethodKey.of(FlakyService.class, "callAsync", String.class),
        (self, args, failure) -> "refused",
        FallbackSpec.builder().method("f").on(CallNotPermittedException.class).build(),
        CircuitBreakerSpec.builder().window(1).openFor("1h").build());
    open.invoke(null, new Object[] {"x"},
        () -> CompletableFuture.failedFuture(new IOException()));
    Chain deadline = decor.chain(CALL, (self, args, failure) -> "late",
        FallbackSpec.builder().method("f").on(TimeoutException.class).build());

    List<List<Object>> answers = together(threads, () -> {
      try {
        return List.of(
            exception.invoke(null, new Object[] {"x"}, () -> {
              attempts.incrementAndGet();
              throw new IOException("down");
            }),
            ((CompletableFuture<?>) open.invoke(null, new Object[] {"x"},
                () -> {
                  throw new AssertionError("an open breaker runs nothing");
                })).join(),
            deadline.invoke(null, new Object[] {"x"}, () -> {
              throw new TimeoutException();
            }));
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    });
    assertThat(answers).containsOnly(
        List.of("after java.io.IOException: down", "refused", "late"));
    assertThat(attempts).as("each call's two attempts ran before it fell back")
        .hasValue(2 * THREADS);
  }

  @ParameterizedTest
  @EnumSource(Threads.class)
  void aColdStartBuildsOneBreakerForManyFirstCalls(Threads threads) throws Exception {
    CircuitBreakerSpec spec = CircuitBreakerSpec.builder().window(5).build();
    List<Object> results = together(threads, () -> {
      try {
        Chain chain = decor.chain(CALL, (self, args, failure) -> "fallback",
            FallbackSpec.builder().method("f").build(), spec);
        return chain.invoke(null, new Object[] {"x"}, () -> "first");
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    });
    assertThat(results).hasSize(THREADS).containsOnly("first");
    assertThat(decor.circuitBreakerRegistry().getAllCircuitBreakers()).hasSize(1);
    assertThat(decor.circuitBreaker("FlakyService.call").orElseThrow().getMetrics()
        .getNumberOfSuccessfulCalls()).as("every first call counted by the one breaker")
        .isEqualTo(5);
  }
}
