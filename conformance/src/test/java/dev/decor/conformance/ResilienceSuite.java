package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.breaker.CircuitBreakers;
import dev.decor.cache.Caches;
import dev.decor.conformance.woven.InvalidFallbackTargets;
import dev.decor.conformance.woven.WovenFallbacks;
import dev.decor.engine.Decor;
import dev.decor.internal.Messages;
import dev.decor.timing.Timings;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @CircuitBreaker} and {@code @Fallback} as users observe them, in every {@link Mode}: a
 * breaker that opens after failures and closes after recovery on the engine's clock, a shared
 * breaker, a fallback for each kind of failure (the method's exception, an open breaker, a
 * deadline), asynchronous and batched methods, the fixed order with every other decorator, a cold
 * start on platform and virtual threads; woven, private and static fallbacks, and the processor's
 * compile errors on the first call. Each test runs on a global engine of its own whose clock it
 * moves.
 */
abstract class ResilienceSuite {
  private static final int THREADS = 32;

  abstract Mode mode();

  private final AtomicLong nanos = new AtomicLong();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Decor engine;
  private Decor previous;

  @BeforeEach
  void startClean() {
    engine = Decor.builder().nanoTime(nanos::get).meterRegistry(meters).instantRetries()
        .batchShutdownTimeout(Duration.ofMillis(500)).build();
    previous = Decor.setGlobal(engine);
  }

  @AfterEach
  void restoreEngine() {
    engine.close();
    Decor.setGlobal(previous);
  }

  private ResilientService service() {
    return mode().create(ResilientService.class);
  }

  private void advanceSeconds(long seconds) {
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  private static State state(String name) {
    return CircuitBreakers.get(name).orElseThrow().getState();
  }

  @Test
  void aBreakerOpensAfterFailuresAndClosesAfterRecoveryOnTheEnginesClock() throws Exception {
    ResilientService service = service();
    assertThat(service.get("a")).isEqualTo("value:a");
    assertThat(service.get("b")).isEqualTo("value:b");
    service.down = true;
    assertThatThrownBy(() -> service.get("c")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> service.get("d")).isInstanceOf(IOException.class)
        .hasMessage("store down: d");
    assertThat(state("ResilientService.get")).isEqualTo(State.OPEN);

    service.down = false;
    int runs = service.runs.get();
    assertThatThrownBy(() -> service.get("e")).isInstanceOf(CallNotPermittedException.class);
    advanceSeconds(4);
    assertThatThrownBy(() -> service.get("f")).isInstanceOf(CallNotPermittedException.class);
    assertThat(service.runs).as("an open breaker runs nothing").hasValue(runs);

    advanceSeconds(2);
    assertThat(service.get("g")).isEqualTo("value:g");
    assertThat(state("ResilientService.get")).isEqualTo(State.HALF_OPEN);
    assertThat(service.get("h")).isEqualTo("value:h");
    assertThat(state("ResilientService.get")).isEqualTo(State.CLOSED);
    assertThat(meters.get("decor.breaker.state").tag("name", "ResilientService.get").gauge()
        .value()).isZero();
  }

  @Test
  void methodsNamingOneBreakerShareIt() throws Exception {
    ResilientService service = service();
    service.down = true;
    assertThatThrownBy(() -> service.read("a")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> service.put("b")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> service.read("c")).isInstanceOf(CallNotPermittedException.class);
    assertThatThrownBy(() -> service.put("d")).isInstanceOf(CallNotPermittedException.class);
    assertThat(CircuitBreakers.get("ResilientService.read")).isEmpty();
  }

  @Test
  void theMethodsFailureAndTheOpenBreakerBothFallBack() throws Exception {
    ResilientService service = service();
    assertThat(service.predict("x")).isEqualTo("value:x");
    service.down = true;
    assertThat(service.predict("y")).isEqualTo("cached:y");
    assertThat(service.predict("z")).isEqualTo("cached:z");
    assertThat(service.runs).as("the breaker opened after two calls").hasValue(2);
    assertThat(service.fallbackFailures).hasSize(2);
    assertThat(service.fallbackFailures.get(0)).isInstanceOf(IOException.class)
        .hasMessage("store down: y");
    assertThat(service.fallbackFailures.get(1)).isInstanceOf(CallNotPermittedException.class);
    assertThat(meters.get("decor.fallback.calls").tags("name", "ResilientService.predict",
        "exception", "CallNotPermittedException").counter().count()).isEqualTo(1.0);
  }

  @Test
  void onLimitsWhatFallsBack() throws Exception {
    ResilientService service = service();
    service.down = true;
    assertThatThrownBy(() -> service.guarded("a")).isInstanceOf(IOException.class);
    assertThat(service.guarded("b")).isEqualTo("refused:b");
  }

  @Test
  void aDeadlineFallsBack() throws Exception {
    // TODO(res-break): let @Timeout raise the deadline once res-time is merged (#21); the body
    // raises what it would until then.
    ResilientService service = service();
    assertThat(service.deadline("a")).isEqualTo("late:a");
    assertThat(service.fallbackFailures).singleElement().isInstanceOf(TimeoutException.class);
  }

  @Test
  void primitiveResultsFallBackAndErrorsNever() {
    ResilientService service = service();
    assertThat(service.count("a")).isEqualTo(-1);
    assertThatThrownBy(() -> service.crash("a")).isInstanceOf(AssertionError.class)
        .hasMessage("broken");
  }

  @Test
  void anAsyncMethodFallsBackWhenItsStageFails() throws Exception {
    ResilientService service = service();
    assertThat(service.fetchAsync("a").get(10, TimeUnit.SECONDS)).isEqualTo("value:a");
    service.down = true;
    assertThat(service.fetchAsync("b").get(10, TimeUnit.SECONDS)).isEqualTo("later:b");
    assertThat(service.fallbackFailures).singleElement().isInstanceOf(IOException.class);
    assertThat(state("ResilientService.fetchAsync")).isEqualTo(State.OPEN);
    CompletableFuture<String> refused = service.fetchAsync("c");
    assertThat(refused).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class)
        .withCauseInstanceOf(CallNotPermittedException.class);
    assertThat(service.runs).hasValue(2);
  }

  @Test
  void everyDecoratorStacksInTheFixedOrder() throws Exception {
    ResilientService service = service();
    service.down = true;
    assertThat(service.stacked("a")).isEqualTo("cached:a");
    assertThat(service.runs).as("@Retry's two attempts, each through the breaker").hasValue(2);
    assertThat(service.gradInBody).containsOnly(false);
    assertThat(service.fallbackFailures).singleElement().isInstanceOf(IOException.class);
    assertThat(Timings.stats("ResilientService.stacked").count())
        .as("@Timed, outside, saw one call").isEqualTo(1);
    assertThat(Caches.stats("ResilientService.stacked").size())
        .as("the fallback's answer is not cached").isZero();

    service.down = false;
    assertThat(service.stacked("a")).isEqualTo("value:a");
    assertThat(service.stacked("a")).isEqualTo("value:a");
    assertThat(service.runs).as("the second call was a cache hit").hasValue(3);
    assertThat(CircuitBreakers.get("ResilientService.stacked").orElseThrow().getMetrics()
        .getNumberOfBufferedCalls()).as("two failed attempts and one success").isEqualTo(3);
  }

  @Test
  void aBatchedItemFallsBackWhenItsBatchFails() throws Exception {
    ResilientService service = service();
    assertThat(service.label(1)).isEqualTo("label:1");
    service.down = true;
    assertThat(service.label(2)).isEqualTo("unlabeled:2");
  }

  @Test
  void aColdStartOnPlatformThreadsBuildsOneBreaker() throws Exception {
    coldStart(Executors.newFixedThreadPool(THREADS), ResilientService::coldStart,
        "ResilientService.coldStart");
  }

  @Test
  void aColdStartOnVirtualThreadsBuildsOneBreaker() throws Exception {
    ExecutorService virtual;
    try {
      virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
          .invoke(null);
    } catch (ReflectiveOperationException e) {
      virtual = null;
    }
    assumeTrue(virtual != null, "virtual threads need Java 21+");
    coldStart(virtual, ResilientService::coldStartVirtual, "ResilientService.coldStartVirtual");
  }

  /** A method falling back whose dependency is down. */
  private interface Cold {
    String call(ResilientService service, String key) throws Exception;
  }

  /**
   * {@code THREADS} threads make the method's first call at once; its chain binds to the test's
   * engine under them.
   */
  private void coldStart(ExecutorService pool, Cold method, String name) throws Exception {
    ResilientService service = service();
    service.down = true;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < THREADS; i++) {
        String key = "k" + i;
        answers.add(pool.submit(() -> {
          go.await();
          return method.call(service, key);
        }));
      }
      go.countDown();
      for (int i = 0; i < THREADS; i++) {
        assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("cold:k" + i);
      }
    } finally {
      pool.shutdownNow();
    }
    CircuitBreaker breaker = CircuitBreakers.get(name).orElseThrow();
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("one breaker counted every call")
        .isEqualTo(THREADS);
    assertThat(service.runs).hasValue(THREADS);
  }

  @Test
  void wovenPrivateAndStaticFallbacksWork() throws Exception {
    assumeTrue(mode().woven(), "only weaving reaches private and static methods");
    WovenFallbacks woven = mode().create(WovenFallbacks.class);
    assertThat(woven.open("a")).isEqualTo("private:a:down: a");
    assertThat(woven.callHidden("b")).isEqualTo("private:b:hidden b");
    assertThat(WovenFallbacks.lookup("c")).isEqualTo("static:c:IOException");
    int runs = WovenFallbacks.STATIC_RUNS.get();
    assertThat(WovenFallbacks.lookup("d")).isEqualTo("static:d:CallNotPermittedException");
    assertThat(WovenFallbacks.STATIC_RUNS).hasValue(runs);
  }

  @Test
  void rulesTheProcessorEnforcesFailOnFirstWovenCallWithItsMessage() {
    assumeTrue(mode().woven(), "the processor rejects these at compile time");
    InvalidFallbackTargets invalid = mode().create(InvalidFallbackTargets.class);
    String declare = Messages.fallbackDeclare("'String %1$s(String)' or 'String %1$s(String,"
        + " Throwable)'");

    assertFails(invalid, t -> t.missing("k"), Messages.fallbackSignature("missing(String)",
        "nowhere", "does not exist", declare.formatted("nowhere")));
    assertFails(invalid, t -> t.wrongParameters("k"), Messages.fallbackSignature(
        "wrongParameters(String)", "otherParameters",
        "does not take (String) or (String, Throwable)", declare.formatted("otherParameters")));
    assertFails(invalid, t -> t.ambiguous("k"), Messages.fallbackSignature("ambiguous(String)",
        "twice", "is overloaded: 'twice(String)' and 'twice(String, Throwable)' both fit",
        "Keep one of them."));
    assertFails(invalid, t -> InvalidFallbackTargets.staticMismatch("k"),
        Messages.fallbackSignature("staticMismatch(String)", "onInstance",
            "is not static, but 'staticMismatch(String)' is",
            Messages.fallbackDeclare("'static String onInstance(String)' or 'static String"
                + " onInstance(String, Throwable)'")));
    assertFails(invalid, t -> t.narrowFailure("k"), Messages.fallbackSignature(
        "narrowFailure(String)", "narrow",
        "takes IOException last, which cannot hold java.lang.Exception (listed in on)",
        "Take Throwable last, or narrow @Fallback(on)."));
    assertFails(invalid, t -> t.wrongReturn("k"), Messages.fallbackSignature(
        "wrongReturn(String)", "number", "returns Integer, not String",
        declare.formatted("number")));
    assertFails(invalid, t -> t.decoratedFallback("k"), Messages.fallbackSignature(
        "decoratedFallback(String)", "timedFallback",
        "carries @Timed itself, but a fallback runs inside the chain of"
            + " 'decoratedFallback(String)'",
        "Remove @Timed from it; to decorate that work, move it to a decorated method the"
            + " fallback calls."));
    assertFails(invalid, t -> t.fallsBackOnAnError("k"),
        Messages.fallbackOnError(OutOfMemoryError.class.getName()));
    assertFails(invalid, t -> t.badRate("k"), Messages.circuitBreakerPercent("failureRate", 0));
    assertFails(invalid, InvalidFallbackTargets::breakerFuture,
        Messages.asyncReturnType("CircuitBreaker", "breakerFuture()", "MyFuture"));
    assertFails(invalid, t -> t.batchedBreaker(1),
        Messages.batchedCombination("batchedBreaker(Integer)", "CircuitBreaker"));
    assertThat(invalid.bodyRuns).hasValue(0);
  }

  private static void assertFails(InvalidFallbackTargets target,
      Consumer<InvalidFallbackTargets> call, String message) {
    assertThatThrownBy(() -> call.accept(target))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
