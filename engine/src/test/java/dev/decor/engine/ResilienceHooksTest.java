package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.DeadlineExceededException;
import dev.decor.engine.internal.Chain;
import dev.decor.internal.Shape;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.ConcurrencyLimitSpec;
import dev.decor.spec.FallbackSpec;
import dev.decor.spec.TimeoutSpec;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks of the resilience fast paths ({@link Shape#TIMEOUT_ONLY}, {@link Shape#LIMIT_ONLY},
 * {@link Shape#BREAKER_ONLY}, {@link Shape#FALLBACK_ONLY}), run as generated wrappers and the
 * aspect run them (docs/processor.md, "Fast paths"): each has the effect {@code Chain.invoke} has,
 * and a chain of another shape refuses them.
 */
class ResilienceHooksTest {
  private static final MethodKey CALL = MethodKey.of(Service.class, "call", String.class);
  private static final MethodKey CALL_ASYNC =
      MethodKey.of(Service.class, "callAsync", String.class);

  /** The methods whose keys the chains use; the tests run each body themselves. */
  static class Service {
    String call(String in) {
      return in;
    }

    CompletableFuture<String> callAsync(String in) {
      return CompletableFuture.completedFuture(in);
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Decor decor = Decor.builder().meterRegistry(registry).build();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    Thread.interrupted();
    threads.shutdownNow();
    decor.close();
  }

  /** A body the hook loops call: returns its value or throws its exception. */
  private interface Body {
    String run() throws Exception;
  }

  /** The {@code TIMEOUT_ONLY} bracket of a generated wrapper. */
  private static String byTimeoutHooks(Chain chain, Body body) throws Throwable {
    Object token = chain.timeoutStart();
    String result;
    try {
      result = body.run();
    } catch (Throwable failure) {
      chain.timeoutFailed(token, failure);
      throw failure;
    }
    chain.timeoutEnd(token);
    return result;
  }

  /** The {@code BREAKER_ONLY} bracket of a generated wrapper. */
  private static String byBreakerHooks(Chain chain, Body body) throws Throwable {
    Object breaker = chain.breakerEnter();
    long start = chain.breakerStart(breaker);
    String result;
    try {
      result = body.run();
    } catch (Throwable failure) {
      chain.breakerFailed(breaker, start, failure);
      throw failure;
    }
    chain.breakerSucceeded(breaker, start);
    return result;
  }

  /** The {@code LIMIT_ONLY} bracket of a generated wrapper. */
  private static String byLimitHooks(Chain chain, Body body) throws Exception {
    Object permit = chain.limitEnter();
    try {
      return body.run();
    } finally {
      chain.limitExit(permit);
    }
  }

  /** The {@code FALLBACK_ONLY} catch of a generated wrapper. */
  private static Object byFallbackHook(Chain chain, String in, Body body) throws Throwable {
    try {
      return body.run();
    } catch (Throwable failure) {
      return chain.fallback(null, new Object[] {in}, failure);
    }
  }

  @Test
  void theTimeoutHooksCutAHungBodyAndLeaveTheThreadUninterrupted() throws Exception {
    Chain chain = decor.chain(CALL, TimeoutSpec.of("100ms"));
    assertThat(chain.shape()).isEqualTo(Shape.TIMEOUT_ONLY);
    CountDownLatch interrupted = new CountDownLatch(1);
    Future<Object[]> caller = threads.submit(() -> {
      Throwable thrown = null;
      try {
        byTimeoutHooks(chain, () -> {
          try {
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
        });
      } catch (Throwable t) {
        thrown = t;
      }
      // The next call on this thread starts uninterrupted and ends in time.
      boolean interruptedAfter = Thread.currentThread().isInterrupted();
      Object next;
      try {
        next = byTimeoutHooks(chain, () -> "next");
      } catch (Throwable t) {
        next = t;
      }
      return new Object[] {thrown, interruptedAfter, next};
    });
    Object[] seen = caller.get(10, TimeUnit.SECONDS);
    assertThat(interrupted.await(0, TimeUnit.SECONDS)).as("the body was interrupted").isTrue();
    assertThat((Throwable) seen[0]).isInstanceOf(DeadlineExceededException.class)
        .satisfies(t -> assertThat(t.getSuppressed()).singleElement()
            .isInstanceOf(InterruptedException.class));
    assertThat(seen[1]).as("interrupt flag after the timeout").isEqualTo(false);
    assertThat(seen[2]).isEqualTo("next");
    assertThat(registry.find("decor.timeout.timeouts").tag("name", "Service.call").counter()
        .count()).isEqualTo(1);
  }

  @Test
  void theTimeoutHooksPassABodysOwnFailureInTime() {
    Chain chain = decor.chain(CALL, TimeoutSpec.of("10s"));
    IOException failure = new IOException("own");
    assertThatThrownBy(() -> byTimeoutHooks(chain, () -> {
      throw failure;
    })).isSameAs(failure);
  }

  @Test
  void theLimitHooksHoldAPermitForTheBodyAndRejectPastMaxWait() throws Exception {
    Chain chain = decor.chain(CALL, ConcurrencyLimitSpec.builder().value(1).maxWait("0ms").build());
    assertThat(chain.shape()).isEqualTo(Shape.LIMIT_ONLY);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> holder = threads.submit(() -> byLimitHooks(chain, () -> {
      inside.countDown();
      release.await();
      return "held";
    }));
    inside.await();
    assertThat(decor.limitStats("Service.call").orElseThrow().active()).isEqualTo(1);
    assertThatThrownBy(() -> byLimitHooks(chain, () -> "refused"))
        .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("[decor/ConcurrencyLimit]");
    release.countDown();
    assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
    assertThat(decor.limitStats("Service.call").orElseThrow())
        .satisfies(s -> assertThat(s.active()).isZero())
        .satisfies(s -> assertThat(s.rejected()).isEqualTo(1));
    assertThatThrownBy(() -> byLimitHooks(chain, () -> {
      throw new IOException("thrown");
    })).isInstanceOf(IOException.class);
    assertThat(decor.limitStats("Service.call").orElseThrow().active())
        .as("a failed body releases its permit").isZero();
  }

  @Test
  void theBreakerHooksCountOutcomesAndRefuseWhileOpen() throws Throwable {
    Chain chain = decor.chain(CALL, CircuitBreakerSpec.builder().window(2).failureRate(50).build());
    assertThat(chain.shape()).isEqualTo(Shape.BREAKER_ONLY);
    assertThat(byBreakerHooks(chain, () -> "ok")).isEqualTo("ok");
    IOException failure = new IOException("down");
    assertThatThrownBy(() -> byBreakerHooks(chain, () -> {
      throw failure;
    })).isSameAs(failure);
    var metrics = decor.circuitBreaker("Service.call").orElseThrow().getMetrics();
    assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(1);
    assertThat(metrics.getNumberOfFailedCalls()).isEqualTo(1);
    assertThatThrownBy(() -> byBreakerHooks(chain, () -> "not run"))
        .isInstanceOf(CallNotPermittedException.class);
  }

  @Test
  void theFallbackHookAnswersWhatTheSpecFallsBackOnAndRethrowsTheRest() throws Throwable {
    Chain chain = decor.chain(CALL, (self, args, failure) -> "fallback " + args[0],
        FallbackSpec.builder().method("f").on(IOException.class).build());
    assertThat(chain.shape()).isEqualTo(Shape.FALLBACK_ONLY);
    assertThat(byFallbackHook(chain, "a", () -> "ok")).isEqualTo("ok");
    assertThat(byFallbackHook(chain, "a", () -> {
      throw new IOException("gpu");
    })).isEqualTo("fallback a");
    IllegalStateException other = new IllegalStateException("not listed");
    assertThatThrownBy(() -> byFallbackHook(chain, "a", () -> {
      throw other;
    })).isSameAs(other);
  }

  @Test
  void aChainOfAnotherShapeRefusesTheHooks() {
    // On a stage, every resilience decorator acts when the stage completes: the general path.
    Consumer<Chain> general = chain -> {
      assertThat(chain.shape()).isEqualTo(Shape.GENERAL);
      assertThatThrownBy(chain::timeoutStart).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(chain::limitEnter).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(chain::breakerEnter).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> chain.fallback(null, new Object[] {"a"}, new IOException()))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(chain::retryEnter).isInstanceOf(IllegalStateException.class);
    };
    general.accept(decor.chain(CALL_ASYNC, TimeoutSpec.of("1s")));
    general.accept(decor.chain(CALL_ASYNC, ConcurrencyLimitSpec.builder().value(1).build()));
    general.accept(decor.chain(CALL_ASYNC, CircuitBreakerSpec.builder().build()));
    general.accept(decor.chain(CALL, TimeoutSpec.of("1s"),
        ConcurrencyLimitSpec.builder().value(1).build()));
    Chain limit = decor.chain(MethodKey.of(Service.class, "call", String.class),
        ConcurrencyLimitSpec.builder().value(1).group("g").build());
    assertThatThrownBy(limit::timeoutStart).isInstanceOf(IllegalStateException.class);
  }
}
