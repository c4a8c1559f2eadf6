package dev.decor.engine;

import dev.decor.internal.Shape;
import dev.decor.engine.internal.Chain;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.fixtures.FlakyService;
import dev.decor.spec.RetrySpec;
import io.github.resilience4j.retry.event.RetryEvent;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
  private static final String NAME = "FlakyService.call";
  private static final MethodKey CALL = MethodKey.of(FlakyService.class, "call", String.class);
  private static final MethodKey CALL_ASYNC =
      MethodKey.of(FlakyService.class, "callAsync", String.class);

  /** Waits the engine asked for, in nanoseconds; the recording sleeper returns at once. */
  private final List<Long> waits = new CopyOnWriteArrayList<>();
  private final Queue<Runnable> scheduled = new ArrayDeque<>();
  private final List<Long> scheduledDelays = new CopyOnWriteArrayList<>();

  /** This test's own engine: the recording sleeper returns at once. */
  private Decor decor = Decor.builder().sleeper(waits::add).build();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @SafeVarargs
  private static RetrySpec spec(int maxAttempts, String delay, double multiplier, String maxDelay,
      double jitter, Class<? extends Throwable>[] retryOn, Class<? extends Throwable>... ignore) {
    return RetrySpec.of(maxAttempts, delay, multiplier, maxDelay, jitter, retryOn, ignore);
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Throwable>[] on(Class<?>... classes) {
    return (Class<? extends Throwable>[]) classes;
  }

  private Chain chain(int maxAttempts, String delay) {
    return decor.chain(CALL, spec(maxAttempts, delay, 1.0, "", 0.0, on(Exception.class)));
  }

  private static Object call(Chain chain, FlakyService service) throws Throwable {
    return chain.invoke(service, () -> service.call("x"));
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void retriesUntilASuccess() throws Throwable {
    FlakyService service = FlakyService.failing(2);
    assertThat(call(chain(3, "0ms"), service)).isEqualTo("x@3");
    assertThat(service.attempts()).isEqualTo(3);
    assertThat(waits).as("zero delay retries at once, without sleeping").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void maxAttemptsIsTheTotalNumberOfCallsThenTheLastExceptionItselfIsRethrown(int maxAttempts) {
    FlakyService service = FlakyService.failing(Integer.MAX_VALUE);
    assertThatThrownBy(() -> call(chain(maxAttempts, "0ms"), service))
        .isInstanceOf(IOException.class)
        .hasMessage("attempt " + maxAttempts)
        .isSameAs(service.lastThrown());
    assertThat(service.attempts()).isEqualTo(maxAttempts);
  }

  @Test
  void uncheckedLastExceptionIsRethrownUnwrappedToo() {
    FlakyService service = FlakyService.alwaysFailing(n -> new IllegalStateException("n" + n));
    assertThatThrownBy(() -> call(chain(2, "0ms"), service))
        .isSameAs(service.lastThrown())
        .hasNoCause();
  }

  @Test
  void ignoreWinsOverRetryOnForASubtypeOfBoth() {
    FlakyService service = FlakyService.alwaysFailing(n -> new NumberFormatException("bad"));
    Chain chain = decor.chain(CALL,
        spec(5, "0ms", 1.0, "", 0.0, on(RuntimeException.class), IllegalArgumentException.class));
    assertThatThrownBy(() -> call(chain, service)).isSameAs(service.lastThrown());
    assertThat(service.attempts()).isEqualTo(1);
  }

  @Test
  void theNormalIdiomRetriesExceptionsButNotTheIgnoredOnes() throws Throwable {
    Chain chain = decor.chain(CALL,
        spec(3, "0ms", 1.0, "", 0.0, on(Exception.class), IllegalArgumentException.class));
    FlakyService ignored = FlakyService.alwaysFailing(n -> new IllegalArgumentException());
    assertThatThrownBy(() -> call(chain, ignored)).isSameAs(ignored.lastThrown());
    assertThat(ignored.attempts()).isEqualTo(1);

    FlakyService retried = FlakyService.failing(2);
    assertThat(call(chain, retried)).isEqualTo("x@3");
  }

  @Test
  void exceptionsOutsideRetryOnAreNotRetried() {
    FlakyService service = FlakyService.failing(5);
    Chain chain = decor.chain(CALL, spec(3, "0ms", 1.0, "", 0.0, on(IllegalStateException.class)));
    assertThatThrownBy(() -> call(chain, service)).isSameAs(service.lastThrown());
    assertThat(service.attempts()).isEqualTo(1);
  }

  static Stream<Arguments> neverRetried() {
    return Stream.of(
        Arguments.of("AssertionError", (IntFunction<Throwable>) n -> new AssertionError("n" + n)),
        Arguments.of("StackOverflowError", (IntFunction<Throwable>) n -> new StackOverflowError()),
        Arguments.of("InterruptedException",
            (IntFunction<Throwable>) n -> new InterruptedException("n" + n)),
        Arguments.of("CancellationException",
            (IntFunction<Throwable>) n -> new CancellationException("n" + n)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("neverRetried")
  void errorsInterruptsAndCancellationsAreNeverRetriedEvenWithRetryOnThrowable(
      String name, IntFunction<Throwable> failure) {
    FlakyService service = FlakyService.alwaysFailing(failure);
    Chain chain = decor.chain(CALL, spec(5, "0ms", 1.0, "", 0.0, on(Throwable.class)));
    assertThatThrownBy(() -> call(chain, service)).isSameAs(service.lastThrown());
    assertThat(service.attempts()).isEqualTo(1);
  }

  @Test
  void anInterruptDuringARealWaitStopsRetryingAndKeepsTheFlag() throws Exception {
    decor = Decor.builder().build(); // real Thread.sleep
    FlakyService service = FlakyService.failing(Integer.MAX_VALUE);
    Chain chain = chain(3, "5s");
    CountDownLatch firstAttemptFailed = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        chain.invoke(service, () -> {
          try {
            return service.call("x");
          } finally {
            firstAttemptFailed.countDown();
          }
        });
      } catch (Throwable t) {
        thrown.set(t);
      }
      interruptedAfter.set(Thread.currentThread().isInterrupted());
    });
    caller.start();
    assertThat(firstAttemptFailed.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(8));

    assertThat(caller.isAlive()).as("the two 5 s waits were cut short").isFalse();
    assertThat(thrown.get()).isSameAs(service.thrown().get(0));
    assertThat(service.attempts()).isEqualTo(1);
    assertThat(interruptedAfter.get()).isTrue();
  }

  @Test
  void anInterruptedSleeperStopsRetryingWithTheLastException() {
    AtomicInteger sleeps = new AtomicInteger();
    decor = Decor.builder().sleeper(nanos -> {
      if (sleeps.incrementAndGet() == 2) {
        throw new InterruptedException();
      }
    }).build();
    FlakyService service = FlakyService.failing(Integer.MAX_VALUE);
    assertThatThrownBy(() -> call(chain(5, "10ms"), service)).isSameAs(service.thrown().get(1));
    assertThat(service.attempts()).isEqualTo(2);
    assertThat(Thread.interrupted()).as("flag left set").isTrue();
  }

  @Test
  void anAlreadyInterruptedThreadIsNotRetriedEvenWithoutDelay() {
    FlakyService service = FlakyService.failing(Integer.MAX_VALUE);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> call(chain(5, "0ms"), service)).isSameAs(service.thrown().get(0));
    assertThat(service.attempts()).isEqualTo(1);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void fixedDelayWaitsTheSameBeforeEveryRetry() throws Throwable {
    call(chain(4, "100ms"), FlakyService.failing(3));
    assertThat(waits).containsExactly(ms(100), ms(100), ms(100));
  }

  @Test
  void multiplierGrowsTheWaitExponentially() throws Throwable {
    Chain chain = decor.chain(CALL, spec(5, "100ms", 2.0, "", 0.0, on(Exception.class)));
    call(chain, FlakyService.failing(4));
    assertThat(waits).containsExactly(ms(100), ms(200), ms(400), ms(800));
  }

  @Test
  void maxDelayCapsEveryWait() throws Throwable {
    Chain chain = decor.chain(CALL, spec(6, "100ms", 2.0, "300ms", 0.0, on(Exception.class)));
    call(chain, FlakyService.failing(5));
    assertThat(waits).containsExactly(ms(100), ms(200), ms(300), ms(300), ms(300));
  }

  @Test
  void aMaxDelayBelowTheDelayCapsTheFirstWaitToo() throws Throwable {
    Chain chain = decor.chain(CALL, spec(3, "100ms", 2.0, "50ms", 0.0, on(Exception.class)));
    call(chain, FlakyService.failing(2));
    assertThat(waits).containsExactly(ms(50), ms(50));
  }

  @Test
  void aZeroMaxDelayRetriesAtOnce() throws Throwable {
    Chain chain = decor.chain(CALL, spec(3, "100ms", 1.0, "0ms", 0.0, on(Exception.class)));
    call(chain, FlakyService.failing(2));
    assertThat(waits).isEmpty();
  }

  @Test
  void jitterDrawsEachWaitFromWaitTimesOnePlusOrMinusJitter() throws Throwable {
    Chain chain = decor.chain(CALL, spec(60, "100ms", 1.0, "", 0.5, on(Exception.class)));
    call(chain, FlakyService.failing(59));
    assertThat(waits).hasSize(59).allSatisfy(w -> assertThat(w).isBetween(ms(50), ms(150)));
    assertThat(Set.copyOf(waits)).as("randomized").hasSizeGreaterThan(1);
  }

  @Test
  void jitterAppliesAroundTheExponentialWait() throws Throwable {
    Chain chain = decor.chain(CALL, spec(5, "100ms", 2.0, "", 0.25, on(Exception.class)));
    call(chain, FlakyService.failing(4));
    long base = 100;
    for (long w : waits) {
      assertThat(w).isBetween(ms(base * 3 / 4), ms(base * 5 / 4));
      base *= 2;
    }
  }

  @Test
  void maxDelayCapsJitteredWaitsToo() throws Throwable {
    Chain chain = decor.chain(CALL, spec(12, "100ms", 2.0, "300ms", 0.5, on(Exception.class)));
    call(chain, FlakyService.failing(11));
    assertThat(waits).hasSize(11).allSatisfy(w -> assertThat(w).isBetween(ms(50), ms(300)));
  }

  @Test
  void subMillisecondDelaysWaitOneMillisecond() throws Throwable {
    call(chain(2, "500us"), FlakyService.failing(1));
    assertThat(waits).containsExactly(ms(1));
  }

  @Test
  void chainsOfOneMethodWithDifferentSpecsKeepTheirOwnPolicy() throws Throwable {
    Chain two = chain(2, "0ms");
    Chain four = chain(4, "0ms");
    FlakyService a = FlakyService.failing(Integer.MAX_VALUE);
    assertThatThrownBy(() -> call(two, a)).isSameAs(a.lastThrown());
    assertThat(a.attempts()).isEqualTo(2);
    FlakyService b = FlakyService.failing(Integer.MAX_VALUE);
    assertThatThrownBy(() -> call(four, b)).isSameAs(b.lastThrown());
    assertThat(b.attempts()).isEqualTo(4);
    assertThat(decor.retry(NAME)).get()
        .extracting(r -> r.getRetryConfig().getMaxAttempts()).isEqualTo(4);
  }

  /** Subscribes to the retry's events and collects them by type. */
  private final class Events {
    final List<RetryEvent> retries = new CopyOnWriteArrayList<>();
    final List<RetryEvent> successes = new CopyOnWriteArrayList<>();
    final List<RetryEvent> errors = new CopyOnWriteArrayList<>();
    final List<RetryEvent> ignored = new CopyOnWriteArrayList<>();

    Events(String name) {
      var publisher = decor.retry(name).orElseThrow().getEventPublisher();
      publisher.onRetry(retries::add);
      publisher.onSuccess(successes::add);
      publisher.onError(errors::add);
      publisher.onIgnoredError(ignored::add);
    }
  }

  @Test
  void resilience4jPublishesRetryAndSuccessEvents() throws Throwable {
    Chain chain = chain(3, "10ms");
    Events events = new Events(NAME);
    FlakyService service = FlakyService.failing(2);
    call(chain, service);

    assertThat(events.retries).hasSize(2);
    RetryOnRetryEvent first = (RetryOnRetryEvent) events.retries.get(0);
    assertThat(first.getNumberOfRetryAttempts()).isEqualTo(1);
    assertThat(first.getLastThrowable()).isSameAs(service.thrown().get(0));
    assertThat(first.getWaitInterval()).isEqualTo(Duration.ofMillis(10));
    assertThat(events.successes).hasSize(1);
    assertThat(events.errors).isEmpty();
  }

  @Test
  void resilience4jPublishesAnErrorEventWhenAttemptsRunOut() {
    Chain chain = chain(2, "0ms");
    Events events = new Events(NAME);
    FlakyService service = FlakyService.failing(Integer.MAX_VALUE);
    assertThatThrownBy(() -> call(chain, service)).isSameAs(service.lastThrown());
    assertThat(events.retries).hasSize(1);
    assertThat(events.errors).singleElement()
        .satisfies(e -> assertThat(e.getLastThrowable()).isSameAs(service.lastThrown()));
  }

  @Test
  void resilience4jPublishesIgnoredErrors() {
    Chain chain = decor.chain(CALL,
        spec(3, "0ms", 1.0, "", 0.0, on(Exception.class), IllegalArgumentException.class));
    Events events = new Events(NAME);
    FlakyService service = FlakyService.alwaysFailing(n -> new IllegalArgumentException());
    assertThatThrownBy(() -> call(chain, service)).isSameAs(service.lastThrown());
    assertThat(events.ignored).hasSize(1);
    assertThat(events.retries).isEmpty();
  }

  // --- the hooks a front end calls around attempts it runs itself (Chain's fast paths) ---

  /** The loop docs/processor.md shows generated wrappers running. */
  private static Object callByHooks(Chain chain, FlakyService service) throws Throwable {
    Object state = null;
    while (true) {
      Object result;
      try {
        result = service.call("x");
      } catch (Throwable failure) {
        state = chain.retryFailed(state, failure);
        continue;
      }
      chain.retrySucceeded(state);
      return result;
    }
  }

  @Test
  void theRetryHooksWaitRetryAndPublishWhatInvokeDoes() throws Throwable {
    Chain chain = chain(3, "10ms");
    assertThat(chain.shape()).isEqualTo(Shape.RETRY_ONLY);
    Events events = new Events(NAME);
    FlakyService service = FlakyService.failing(2);
    assertThat(callByHooks(chain, service)).isEqualTo("x@3");
    assertThat(waits).containsExactly(ms(10), ms(10));
    assertThat(events.retries).hasSize(2);
    assertThat(events.successes).hasSize(1);
  }

  @Test
  void theRetryHooksRethrowTheLastExceptionItselfAndSkipNonRetryableOnes() {
    FlakyService service = FlakyService.failing(Integer.MAX_VALUE);
    assertThatThrownBy(() -> callByHooks(chain(2, "0ms"), service))
        .isSameAs(service.lastThrown());
    assertThat(service.attempts()).isEqualTo(2);

    Chain chain = decor.chain(CALL,
        spec(3, "0ms", 1.0, "", 0.0, on(Exception.class), IllegalArgumentException.class));
    FlakyService ignored = FlakyService.alwaysFailing(n -> new IllegalArgumentException());
    assertThatThrownBy(() -> callByHooks(chain, ignored)).isSameAs(ignored.lastThrown());
    assertThat(ignored.attempts()).isEqualTo(1);
  }

  @Test
  void aStageMethodIsNotRetryOnlyItsAttemptsAreAsynchronous() {
    Chain chain = decor.chain(CALL_ASYNC, spec(3, "0ms", 1.0, "", 0.0, on(Exception.class)));
    assertThat(chain.shape()).isNotEqualTo(Shape.RETRY_ONLY);
    assertThatThrownBy(() -> chain.retryFailed(null, new IOException()))
        .isInstanceOf(IllegalStateException.class);
  }

  // --- CompletionStage ---

  private void captureScheduler() {
    decor = Decor.builder()
        .sleeper(nanos -> {
          throw new AssertionError("an asynchronous retry must not sleep a thread");
        })
        .scheduler(nanos -> task -> {
          scheduledDelays.add(nanos);
          scheduled.add(task);
        })
        .build();
  }

  private void runScheduled() {
    Runnable task;
    while ((task = scheduled.poll()) != null) {
      task.run();
    }
  }

  private Chain asyncChain(int maxAttempts, String delay) {
    return decor.chain(CALL_ASYNC, spec(maxAttempts, delay, 1.0, "", 0.0, on(Exception.class)));
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<String> callAsync(Chain chain, FlakyService service)
      throws Throwable {
    return ((CompletionStage<String>) chain.invoke(service, () -> service.callAsync("x")))
        .toCompletableFuture();
  }

  @Test
  void aStageIsRetriedOnTheSchedulerWithoutBlockingTheCaller() throws Throwable {
    captureScheduler();
    FlakyService service = FlakyService.failing(2);
    CompletableFuture<String> result = callAsync(asyncChain(3, "100ms"), service);

    assertThat(result).isNotDone();
    assertThat(service.attempts()).isEqualTo(1);
    assertThat(scheduledDelays).containsExactly(ms(100));
    runScheduled();
    assertThat(result).isCompletedWithValue("x@3");
    assertThat(service.attempts()).isEqualTo(3);
    assertThat(scheduledDelays).containsExactly(ms(100), ms(100));
  }

  @Test
  void aSynchronousThrowFromAStageMethodCountsAsAFailedAttempt() throws Throwable {
    captureScheduler();
    FlakyService service =
        new FlakyService(2, n -> new IOException("attempt " + n), Set.of(1, 2));
    CompletableFuture<String> result = callAsync(asyncChain(3, "0ms"), service);
    runScheduled();
    assertThat(result).isCompletedWithValue("x@3");
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void theFinalAsyncFailureIsTheOriginalExceptionNotACompletionException() throws Throwable {
    captureScheduler();
    FlakyService service = new FlakyService(
        Integer.MAX_VALUE, n -> new IOException("attempt " + n), Set.of(3));
    CompletableFuture<String> result = callAsync(asyncChain(3, "1ms"), service);
    runScheduled();

    assertThat(service.attempts()).isEqualTo(3);
    assertThat(result).isCompletedExceptionally();
    assertThat(result.handle((v, t) -> t).join()).isSameAs(service.lastThrown());
    assertThatThrownBy(result::join).isInstanceOf(CompletionException.class)
        .cause().isSameAs(service.lastThrown());
  }

  @Test
  void aStageFailingWithANonRetryableExceptionFailsAtOnce() throws Throwable {
    captureScheduler();
    FlakyService service = FlakyService.alwaysFailing(n -> new AssertionError("fatal"));
    CompletableFuture<String> result = callAsync(asyncChain(3, "0ms"), service);
    assertThat(scheduled).isEmpty();
    assertThat(result.handle((v, t) -> t).join()).isSameAs(service.lastThrown());
    assertThat(service.attempts()).isEqualTo(1);
  }

  @Test
  void cancellingTheReturnedStageStopsFurtherAttempts() throws Throwable {
    captureScheduler();
    FlakyService service = FlakyService.failing(Integer.MAX_VALUE);
    CompletableFuture<String> result = callAsync(asyncChain(5, "1s"), service);
    assertThat(result.cancel(false)).isTrue();
    runScheduled();
    assertThat(service.attempts()).isEqualTo(1);
  }

  @Test
  void aStageIsRetriedOnTheDefaultSchedulerForReal() throws Throwable {
    decor = Decor.builder().build();
    FlakyService service = FlakyService.failing(2);
    Chain chain = asyncChain(3, "5ms");
    Events events = new Events("FlakyService.callAsync");
    assertThat(callAsync(chain, service).get(10, TimeUnit.SECONDS)).isEqualTo("x@3");
    assertThat(events.retries).hasSize(2);
    assertThat(events.successes).hasSize(1);
  }
}
