package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.DeadlineExceededException;
import dev.decor.config.DecoratedMethod;
import dev.decor.config.DecoratedMethod.Decorator;
import dev.decor.config.DecoratedMethod.Setting;
import dev.decor.config.FrontEnd;
import dev.decor.config.Source;
import dev.decor.engine.Decor;
import dev.decor.engine.Decorators;
import dev.decor.spec.Order;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration overrides in every {@link Mode}: a system property read when the engine is built
 * changes an annotated method (generated or woven) exactly as it changes a {@link Decorators}
 * function; {@code enabled = false} builds the chain without the decorator; and
 * {@link Decor#methods()} tells which front end built each chain. Each test makes an engine of
 * its own global, so chains built earlier re-bind to it, with its overrides, on their next call.
 */
abstract class ConfigurationSuite {
  abstract Mode mode();

  private static final String LATE = "ConfiguredService.late";
  private static final String ADMITTED = "ConfiguredService.admitted";
  private static final String GUARDED = "ConfiguredService.guarded";
  private static final String FALLIBLE = "ConfiguredService.fallible";
  private static final String JUDGED = "ConfiguredService.judged";
  /** Open: a fixture body passes it at once. */
  private static final CountDownLatch OPEN = new CountDownLatch(0);

  private final List<String> properties = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private Decor previous;
  private Decor engine;

  private Decor start(String... keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.add(keyValues[i]);
      System.setProperty(keyValues[i], keyValues[i + 1]);
    }
    engine = Decor.builder().instantRetries().meterRegistry(new SimpleMeterRegistry()).build();
    previous = Decor.setGlobal(engine);
    return engine;
  }

  @AfterEach
  void restore() {
    threads.shutdownNow();
    properties.forEach(System::clearProperty);
    if (previous != null) {
      Decor.setGlobal(previous).close();
    }
  }

  private FrontEnd frontEnd() {
    return mode() == Mode.GENERATED ? FrontEnd.GENERATED : FrontEnd.WOVEN;
  }

  private Decorator reported(String name, FrontEnd frontEnd, Order order) {
    DecoratedMethod method = engine.methods().stream()
        .filter(m -> m.name().equals(name) && m.frontEnd() == frontEnd).findFirst()
        .orElseThrow(() -> new AssertionError(name + " (" + frontEnd + ") not in "
            + engine.methods()));
    return method.decorator(order).orElseThrow();
  }

  @Test
  void aSystemPropertyRaisesTheAttemptsOfAnAnnotatedMethodAndOfADecoratorsFunctionAlike() {
    start("decor.methods.ConfiguredService.flaky.retry.maxAttempts", "4",
        "decor.methods.Configured.function.retry.max-attempts", "4");
    ConfiguredService service = mode().create(ConfiguredService.class).failFirst(3);
    AtomicInteger calls = new AtomicInteger();
    Supplier<Integer> function = Decorators.named("Configured.function").retry(2, "0ms", 1.0)
        .supplier(() -> {
          if (calls.incrementAndGet() <= 3) {
            throw new IllegalStateException("attempt " + calls.get());
          }
          return calls.get();
        });

    assertThat(service.flaky()).isEqualTo(4);
    assertThat(function.get()).isEqualTo(4);

    assertThat(reported("ConfiguredService.flaky", frontEnd(), Order.RETRY)
        .setting("maxAttempts")).contains(new Setting("maxAttempts", "4",
            Source.SYSTEM_PROPERTY, "decor.methods.ConfiguredService.flaky.retry.maxAttempts"));
    assertThat(reported("Configured.function", FrontEnd.DECORATORS, Order.RETRY)
        .setting("maxAttempts").orElseThrow().source()).isEqualTo(Source.SYSTEM_PROPERTY);
  }

  @Test
  void withoutAnOverrideTheAnnotationsValuesRunAndAreReported() {
    start();
    ConfiguredService service = mode().create(ConfiguredService.class).failFirst(3);

    assertThatThrownBy(service::flaky)
        .hasMessage("attempt 2 failed");
    assertThat(reported("ConfiguredService.flaky", frontEnd(), Order.RETRY)
        .setting("maxAttempts")).contains(new Setting("maxAttempts", "2", Source.ANNOTATION, ""));
  }

  @Test
  void enabledFalseRunsTheMethodWithoutThatDecorator() {
    start("decor.methods.ConfiguredService.timed.timed.enabled", "false",
        "decor.methods.ConfiguredService.square.cached.enabled", "false",
        "decor.limits.ConfiguredService.square.value", "5");
    ConfiguredService service = mode().create(ConfiguredService.class);

    assertThat(service.timed()).isEqualTo(1);
    assertThat(engine.timingStats("ConfiguredService.timed").count()).isZero();
    assertThat(service.square(3)).isEqualTo("9");
    assertThat(service.square(3)).isEqualTo("9");
    assertThat(service.computed).hasValue(2);

    Decorator timed = reported("ConfiguredService.timed", frontEnd(), Order.TIMED);
    assertThat(timed.enabled()).isFalse();
    assertThat(timed.enabledBy()).isEqualTo(Source.SYSTEM_PROPERTY);
    Decorator limit = reported("ConfiguredService.square", frontEnd(), Order.CONCURRENCY_LIMIT);
    assertThat(limit.group()).isEqualTo("ConfiguredService.square");
    assertThat(engine.limitStats("ConfiguredService.square").orElseThrow().limit()).isEqualTo(5);
    engine.verifyOverrides(); // every key named a method or group these calls built
  }

  /** Calls {@code service.admitted} on another thread and returns once it holds the permit. */
  private Future<Integer> holdingAPermit(ConfiguredService service, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    Future<Integer> holder = threads.submit(() -> service.admitted(entered, release));
    entered.await();
    return holder;
  }

  @Test
  void aLoneResilienceDecoratorActsOnItsFastPath() throws Exception {
    start();
    ConfiguredService service = mode().create(ConfiguredService.class);

    assertThatThrownBy(service::late).isInstanceOf(DeadlineExceededException.class);
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> holder = holdingAPermit(service, release);
    assertThatThrownBy(() -> service.admitted(OPEN, OPEN))
        .isInstanceOf(RejectedExecutionException.class);
    release.countDown();
    assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    IOException down = new IOException("down");
    assertThatThrownBy(() -> service.guarded(OPEN, OPEN, down)).isSameAs(down);
    assertThat(service.guarded(OPEN, OPEN, null)).isEqualTo(1);
    assertThatThrownBy(() -> service.guarded(OPEN, OPEN, null))
        .isInstanceOf(CallNotPermittedException.class);
    assertThat(service.fallible()).isEqualTo(-1);
    assertThat(service.judged()).isEqualTo(3);
  }

  @Test
  void enabledFalseRunsALoneResilienceDecoratorsMethodBareOnItsFastPath() throws Exception {
    start("decor.methods." + LATE + ".timeout.enabled", "false",
        "decor.methods." + ADMITTED + ".concurrency-limit.enabled", "false",
        "decor.methods." + GUARDED + ".circuit-breaker.enabled", "false",
        "decor.methods." + FALLIBLE + ".fallback.enabled", "false",
        "decor.methods." + JUDGED + ".retry.enabled", "false");
    ConfiguredService service = mode().create(ConfiguredService.class);

    assertThat(service.late()).as("50 times past its deadline").isEqualTo(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> holder = holdingAPermit(service, release);
    assertThat(service.admitted(OPEN, OPEN)).as("a second caller beside the first").isEqualTo(1);
    release.countDown();
    assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    IOException down = new IOException("down");
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> service.guarded(OPEN, OPEN, down)).isSameAs(down);
    }
    assertThat(service.guarded(OPEN, OPEN, null)).as("no breaker to open").isEqualTo(1);
    assertThatThrownBy(service::fallible).isInstanceOf(IllegalStateException.class)
        .hasMessage("fallible failed");
    assertThat(service.judged()).as("one attempt, its result returned").isEqualTo(1);

    assertThat(engine.limitStats(ADMITTED)).isEmpty();
    assertThat(engine.circuitBreaker(GUARDED)).isEmpty();
    assertThat(List.of(reported(LATE, frontEnd(), Order.TIMEOUT),
        reported(ADMITTED, frontEnd(), Order.CONCURRENCY_LIMIT),
        reported(GUARDED, frontEnd(), Order.CIRCUIT_BREAKER),
        reported(FALLIBLE, frontEnd(), Order.FALLBACK), reported(JUDGED, frontEnd(), Order.RETRY)))
        .allSatisfy(d -> assertThat(d.enabled()).isFalse());
    engine.verifyOverrides();
  }

  @Test
  void aLimitRaisedLiveAdmitsASecondCallerOnTheFastPath() throws Exception {
    start();
    ConfiguredService service = mode().create(ConfiguredService.class);
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> holder = holdingAPermit(service, release);
    assertThatThrownBy(() -> service.admitted(OPEN, OPEN))
        .isInstanceOf(RejectedExecutionException.class);

    engine.tune("decor.limits." + ADMITTED + ".value", 2);
    assertThat(service.admitted(OPEN, OPEN)).isEqualTo(1);
    release.countDown();
    assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(engine.limitStats(ADMITTED).orElseThrow())
        .satisfies(s -> assertThat(s.active()).isZero())
        .satisfies(s -> assertThat(s.limit()).isEqualTo(2))
        .satisfies(s -> assertThat(s.rejected()).isEqualTo(1));
  }

  @Test
  void aBreakerReplacedLiveCountsACallInFlightOnTheBreakerThatAdmittedIt() throws Exception {
    start();
    ConfiguredService service = mode().create(ConfiguredService.class);
    IOException down = new IOException("down");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> inFlight = threads.submit(() -> service.guarded(entered, release, down));
    entered.await();
    CircuitBreaker before = engine.circuitBreaker(GUARDED).orElseThrow();

    engine.tune("decor.breakers." + GUARDED + ".failureRate", 100);
    CircuitBreaker after = engine.circuitBreaker(GUARDED).orElseThrow();
    assertThat(after).isNotSameAs(before);
    release.countDown();
    assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCause(down);
    assertThat(before.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    assertThat(after.getMetrics().getNumberOfBufferedCalls()).isZero();

    // Later calls reach the new breaker: one failure in two is under its 100%, not the
    // annotation's 50%, so it stays closed.
    assertThatThrownBy(() -> service.guarded(OPEN, OPEN, down)).isSameAs(down);
    assertThat(service.guarded(OPEN, OPEN, null)).isEqualTo(1);
    assertThat(after.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    assertThat(after.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    assertThat(after.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(service.guarded(OPEN, OPEN, null)).isEqualTo(1);
  }
}
