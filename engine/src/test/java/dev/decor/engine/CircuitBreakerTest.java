package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.engine.internal.Chain;
import dev.decor.fixtures.FlakyService;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.CircuitBreakerSpec;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code @CircuitBreaker} on resilience4j's breaker: it opens on a failure rate (or a slow-call
 * rate) over a full window, refuses calls without running the method while open, lets probes
 * through after {@code openFor} on the engine's clock, and counts exactly the failures the spec
 * names — on an engine of the test's own, whose clock the test moves.
 */
class CircuitBreakerTest {
  private static final MethodKey CALL = MethodKey.of(FlakyService.class, "call", String.class);
  private static final MethodKey CALL_ASYNC =
      MethodKey.of(FlakyService.class, "callAsync", String.class);
  private static final String NAME = "FlakyService.call";

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicInteger clockReads = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Decor decor = Decor.builder()
      .nanoTime(() -> {
        clockReads.incrementAndGet();
        return nanos.get();
      })
      .meterRegistry(registry)
      .build();
  private final AtomicInteger bodyRuns = new AtomicInteger();

  private Chain chain(Consumer<CircuitBreakerSpec.Builder> settings) {
    CircuitBreakerSpec.Builder b = CircuitBreakerSpec.builder();
    settings.accept(b);
    return decor.chain(CALL, b.build());
  }

  /** A call whose body succeeds. */
  private Object ok(Chain chain) throws Throwable {
    return chain.invoke(null, () -> {
      bodyRuns.incrementAndGet();
      return "ok";
    });
  }

  /** A call whose body throws {@code failure}. */
  private Object fail(Chain chain, Throwable failure) throws Throwable {
    return chain.invoke(null, () -> {
      bodyRuns.incrementAndGet();
      throw failure;
    });
  }

  private void failQuietly(Chain chain, Throwable failure) {
    assertThatThrownBy(() -> fail(chain, failure)).isSameAs(failure);
  }

  private State state() {
    return decor.circuitBreaker(NAME).orElseThrow().getState();
  }

  private void advance(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void opensWhenAFullWindowReachesTheFailureRateThenRefusesWithoutRunningTheMethod()
      throws Throwable {
    Chain chain = chain(b -> b.window(4).failureRate(50));
    ok(chain);
    ok(chain);
    failQuietly(chain, new IOException("1"));
    assertThat(state()).as("3 of 4 calls: the window is not full").isEqualTo(State.CLOSED);
    failQuietly(chain, new IOException("2"));
    assertThat(state()).isEqualTo(State.OPEN);

    int runs = bodyRuns.get();
    assertThatThrownBy(() -> ok(chain)).isInstanceOf(CallNotPermittedException.class)
        .hasMessageContaining(NAME);
    assertThat(bodyRuns).as("an open breaker does not run the method").hasValue(runs);
  }

  @Test
  void staysClosedBelowTheRate() throws Throwable {
    Chain chain = chain(b -> b.window(4).failureRate(75));
    for (int i = 0; i < 8; i++) {
      if (i % 2 == 0) {
        failQuietly(chain, new IOException());
      } else {
        ok(chain);
      }
    }
    assertThat(state()).isEqualTo(State.CLOSED);
  }

  @Test
  void afterOpenForOnTheEnginesClockProbesCloseItAgain() throws Throwable {
    Chain chain = chain(b -> b.window(2).failureRate(50).openFor("5s").halfOpenCalls(2));
    failQuietly(chain, new IOException());
    failQuietly(chain, new IOException());
    assertThat(state()).isEqualTo(State.OPEN);

    advance(4_999);
    assertThatThrownBy(() -> ok(chain)).isInstanceOf(CallNotPermittedException.class);
    advance(2);
    assertThat(ok(chain)).isEqualTo("ok");
    assertThat(state()).isEqualTo(State.HALF_OPEN);
    assertThat(ok(chain)).isEqualTo("ok");
    assertThat(state()).isEqualTo(State.CLOSED);
  }

  @Test
  void aFailingProbeOpensItAgainForAnotherOpenFor() throws Throwable {
    Chain chain = chain(b -> b.window(2).failureRate(50).openFor("1s").halfOpenCalls(1));
    failQuietly(chain, new IOException());
    failQuietly(chain, new IOException());
    advance(1_001);
    failQuietly(chain, new IOException("probe"));
    assertThat(state()).isEqualTo(State.OPEN);
    advance(999);
    assertThatThrownBy(() -> ok(chain)).isInstanceOf(CallNotPermittedException.class);
    advance(2);
    ok(chain);
    assertThat(state()).isEqualTo(State.CLOSED);
  }

  @Test
  void halfOpenLetsOnlyItsProbesThrough() throws Throwable {
    Chain chain = decor.chain(CALL_ASYNC,
        CircuitBreakerSpec.builder().window(1).failureRate(100).openFor("1s").halfOpenCalls(2)
            .build());
    chain.invoke(null, () -> CompletableFuture.failedFuture(new IOException()));
    advance(1_001);
    // Two probes in flight (a probe is reported when its stage completes): a third is refused.
    CompletableFuture<Object> first = new CompletableFuture<>();
    CompletableFuture<Object> second = new CompletableFuture<>();
    chain.invoke(null, () -> first);
    chain.invoke(null, () -> second);
    Object third = chain.invoke(null, () -> {
      bodyRuns.incrementAndGet();
      return CompletableFuture.completedFuture("never");
    });
    assertThatThrownBy(((CompletableFuture<?>) third)::join)
        .hasCauseInstanceOf(CallNotPermittedException.class);
    assertThat(bodyRuns).hasValue(0);
    first.complete("a");
    second.complete("b");
    assertThat(decor.circuitBreaker("FlakyService.callAsync").orElseThrow().getState())
        .isEqualTo(State.CLOSED);
  }

  @Test
  void ignoreWinsOverRecordOnAndOtherExceptionsCountAsSuccesses() throws Throwable {
    Chain chain = chain(b -> b.window(2).failureRate(50)
        .recordOn(RuntimeException.class).ignore(IllegalArgumentException.class));
    for (int i = 0; i < 5; i++) {
      failQuietly(chain, new NumberFormatException("ignored: a subtype of both"));
    }
    CircuitBreaker.Metrics metrics = decor.circuitBreaker(NAME).orElseThrow().getMetrics();
    assertThat(metrics.getNumberOfBufferedCalls()).as("ignored calls are not counted").isZero();

    failQuietly(chain, new IOException("not in recordOn: the method answered"));
    failQuietly(chain, new IOException());
    assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(2);
    assertThat(state()).isEqualTo(State.CLOSED);

    failQuietly(chain, new IllegalStateException("recorded: one of the window's two calls"));
    assertThat(state()).isEqualTo(State.OPEN);
  }

  @Test
  void errorsInterruptsAndCancellationsAreNotCountedUnlessRecordOnListsTheError()
      throws Throwable {
    Chain chain = chain(b -> b.window(2).failureRate(50));
    failQuietly(chain, new AssertionError());
    failQuietly(chain, new InterruptedException());
    failQuietly(chain, new CancellationException());
    CircuitBreaker breaker = decor.circuitBreaker(NAME).orElseThrow();
    assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();

    Chain errors = decor.chain(MethodKey.of(FlakyService.class, "callAsync", String.class),
        CircuitBreakerSpec.builder().window(2).failureRate(50).recordOn(Throwable.class).build());
    errors.invoke(null, () -> CompletableFuture.failedFuture(new AssertionError()));
    errors.invoke(null, () -> CompletableFuture.failedFuture(new AssertionError()));
    assertThat(decor.circuitBreaker("FlakyService.callAsync").orElseThrow().getState())
        .isEqualTo(State.OPEN);
  }

  @Test
  void aCompletionExceptionThrownByTheMethodIsJudgedAsItself() throws Throwable {
    Chain chain = chain(b -> b.window(2).failureRate(50).ignore(IllegalStateException.class));
    CompletionException thrown = new CompletionException(new IllegalStateException());
    failQuietly(chain, thrown);
    failQuietly(chain, new CompletionException(new IllegalStateException()));
    assertThat(state()).as("a CompletionException is not its ignored cause")
        .isEqualTo(State.OPEN);
  }

  @Test
  void slowCallsOpenItAtTheSlowCallRate() throws Throwable {
    Chain chain = chain(b -> b.window(2).slowCall("1s").slowCallRate(50));
    chain.invoke(null, () -> {
      advance(1_001);
      return "slow";
    });
    assertThat(state()).isEqualTo(State.CLOSED);
    chain.invoke(null, () -> "fast");
    assertThat(state()).isEqualTo(State.OPEN);
    assertThat(decor.circuitBreaker(NAME).orElseThrow().getMetrics().getNumberOfSlowCalls())
        .isEqualTo(1);
  }

  @Test
  void withoutSlowCallTheSuccessPathReadsNoClock() throws Throwable {
    Chain chain = chain(b -> b.window(10));
    int reads = clockReads.get();
    for (int i = 0; i < 5; i++) {
      ok(chain);
    }
    assertThat(clockReads).hasValue(reads);
  }

  @Test
  void anAsyncMethodIsRecordedWhenItsStageCompletesAndRefusedWithAFailedStage()
      throws Throwable {
    Chain chain = decor.chain(CALL_ASYNC, CircuitBreakerSpec.builder().window(2).build());
    CompletableFuture<String> pending = new CompletableFuture<>();
    assertThat(chain.invoke(null, () -> pending)).as("the stage is returned untouched")
        .isSameAs(pending);
    chain.invoke(null, () -> CompletableFuture.failedFuture(new IOException()));
    CircuitBreaker breaker = decor.circuitBreaker("FlakyService.callAsync").orElseThrow();
    assertThat(breaker.getState()).as("one of two outcomes known").isEqualTo(State.CLOSED);
    pending.completeExceptionally(new CompletionException(new IOException()));
    assertThat(breaker.getState()).isEqualTo(State.OPEN);

    Object refused = chain.invoke(null, () -> {
      bodyRuns.incrementAndGet();
      return CompletableFuture.completedFuture("x");
    });
    assertThat(refused).isInstanceOf(CompletableFuture.class);
    assertThatThrownBy(((CompletableFuture<?>) refused)::join)
        .hasCauseInstanceOf(CallNotPermittedException.class);
    assertThat(bodyRuns).hasValue(0);
  }

  @Test
  void methodsGivingOneNameShareItsBreakerAndMustAgreeOnItsSettings() throws Throwable {
    CircuitBreakerSpec shared = CircuitBreakerSpec.builder().window(2).name("store").build();
    Chain get = decor.chain(CALL, shared);
    Chain put = decor.chain(CALL_ASYNC, shared);
    failQuietly(get, new IOException());
    put.invoke(null, () -> CompletableFuture.failedFuture(new IOException()));
    assertThat(decor.circuitBreaker("store").orElseThrow().getState()).isEqualTo(State.OPEN);
    assertThatThrownBy(() -> ok(get)).isInstanceOf(CallNotPermittedException.class);

    MethodKey other = MethodKey.of(CircuitBreakerTest.class, "state");
    assertThatThrownBy(() -> decor.chain(other,
        CircuitBreakerSpec.builder().window(3).name("store").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.circuitBreakerNameClash("store", CALL.toString(), other.toString()));
  }

  @Test
  void eachEngineHasItsOwnBreakers() throws Throwable {
    Chain chain = chain(b -> b.window(1));
    failQuietly(chain, new IOException());
    assertThat(state()).isEqualTo(State.OPEN);

    Decor other = Decor.builder().build();
    Chain fresh = other.chain(CALL, CircuitBreakerSpec.builder().window(1).build());
    assertThat(ok(fresh)).isEqualTo("ok");
    assertThat(other.circuitBreaker(NAME).orElseThrow().getState()).isEqualTo(State.CLOSED);
  }

  @Test
  void itsEventsArePublishedAndItsStateIsAMeter() throws Throwable {
    Chain chain = chain(b -> b.window(1).openFor("1s").halfOpenCalls(1));
    List<String> events = new CopyOnWriteArrayList<>();
    decor.circuitBreaker(NAME).orElseThrow().getEventPublisher()
        .onEvent(e -> events.add(e.getEventType().name()));
    failQuietly(chain, new IOException());
    assertThatThrownBy(() -> ok(chain)).isInstanceOf(CallNotPermittedException.class);
    assertThat(registry.get("decor.breaker.state").tag("name", NAME).gauge().value())
        .isEqualTo(1.0);
    advance(1_001);
    ok(chain);

    assertThat(events).containsExactly(
        CircuitBreakerEvent.Type.ERROR.name(), CircuitBreakerEvent.Type.FAILURE_RATE_EXCEEDED.name(),
        CircuitBreakerEvent.Type.STATE_TRANSITION.name(),
        CircuitBreakerEvent.Type.NOT_PERMITTED.name(),
        CircuitBreakerEvent.Type.STATE_TRANSITION.name(), CircuitBreakerEvent.Type.SUCCESS.name(),
        CircuitBreakerEvent.Type.STATE_TRANSITION.name());
    assertThat(registry.get("decor.breaker.state").tag("name", NAME).gauge().value()).isZero();
    assertThat(registry.get("decor.breaker.failure.rate").tag("name", NAME).gauge().value())
        .isEqualTo(-1.0);
  }

  /**
   * Engines often share a registry (each one's default is {@code Metrics.globalRegistry}): the
   * state gauge shows the breaker of the engine that registered it last, not the first engine's
   * for ever.
   */
  @Test
  void itsStateGaugeFollowsTheLatestEngineSharingTheRegistry() throws Throwable {
    Chain first = chain(b -> b.window(1));
    failQuietly(first, new IOException());
    assertThat(registry.get("decor.breaker.state").tag("name", NAME).gauge().value())
        .isEqualTo(1.0);

    Decor second = Decor.builder().meterRegistry(registry).build();
    Chain fresh = second.chain(CALL, CircuitBreakerSpec.builder().window(1).build());
    assertThat(ok(fresh)).isEqualTo("ok");
    assertThat(registry.get("decor.breaker.state").tag("name", NAME).gauge().value()).isZero();
    failQuietly(fresh, new IOException());
    assertThat(registry.get("decor.breaker.state").tag("name", NAME).gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.find("decor.breaker.state").gauges()).hasSize(1);
  }

  @Test
  void invalidSettingsFailWithTheProcessorsMessages() {
    assertThatThrownBy(() -> CircuitBreakerSpec.builder().failureRate(0).build())
        .hasMessage(Messages.circuitBreakerPercent("failureRate", 0));
    assertThatThrownBy(() -> CircuitBreakerSpec.builder().slowCallRate(101).build())
        .hasMessage(Messages.circuitBreakerPercent("slowCallRate", 101));
    assertThatThrownBy(() -> CircuitBreakerSpec.builder().window(0).build())
        .hasMessage(Messages.circuitBreakerAtLeastOne("window", 0));
    assertThatThrownBy(() -> CircuitBreakerSpec.builder().halfOpenCalls(0).build())
        .hasMessage(Messages.circuitBreakerAtLeastOne("halfOpenCalls", 0));
    assertThatThrownBy(() -> CircuitBreakerSpec.builder().openFor("999us").build())
        .hasMessage(Messages.circuitBreakerOpenFor("999us"));
    assertThatThrownBy(() -> CircuitBreakerSpec.builder().openFor("soon").build())
        .hasMessage(Messages.badDuration("@CircuitBreaker(openFor)", "soon"));
    assertThatThrownBy(() -> CircuitBreakerSpec.builder().slowCall("0s").build())
        .hasMessage(Messages.circuitBreakerSlowCall("0s"));
    assertThatThrownBy(() -> CircuitBreakerSpec.builder()
        .recordOn(IOException.class).ignore(IOException.class).build())
        .hasMessage(Messages.circuitBreakerRecordOnAndIgnore(IOException.class.getName()));
  }
}
