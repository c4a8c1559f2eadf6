package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.DeadlineExceededException;
import dev.decor.engine.internal.Chain;
import dev.decor.fallback.FallbackMethod;
import dev.decor.fixtures.FlakyService;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.FallbackSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import dev.decor.spec.TimeoutSpec;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code @Fallback}: what falls back ({@code on}, {@code ignore}, never an Error or a stop), what
 * the fallback is given and what the caller gets, asynchronous methods, and its place in the
 * order — after retries and the breaker, outside the cache, inside the timer.
 */
class FallbackTest {
  private static final MethodKey CALL = MethodKey.of(FlakyService.class, "call", String.class);
  private static final MethodKey CALL_ASYNC =
      MethodKey.of(FlakyService.class, "callAsync", String.class);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Decor decor = Decor.builder().meterRegistry(registry).instantRetries().build();
  /** The failures the fallback was given, in order. */
  private final List<Throwable> given = new CopyOnWriteArrayList<>();
  /** The fallback: answers {@code "fallback(<argument>)"}. */
  private final FallbackMethod fallback = (self, args, failure) -> {
    given.add(failure);
    return "fallback(" + args[0] + ")";
  };

  private Chain chain(FallbackSpec spec) {
    return decor.chain(CALL, fallback, spec);
  }

  private static Object call(Chain chain, Throwable failure) throws Throwable {
    return chain.invoke(null, new Object[] {"x"}, () -> {
      throw failure;
    });
  }

  @Test
  void aFailureFallsBackWithTheArgumentsAndTheFailureItself() throws Throwable {
    Chain chain = chain(FallbackSpec.builder().method("f").build());
    IOException failure = new IOException("down");
    assertThat(call(chain, failure)).isEqualTo("fallback(x)");
    assertThat(given).containsExactly(failure);
    assertThat(chain.invoke(null, new Object[] {"x"}, () -> "fine")).isEqualTo("fine");
    assertThat(given).as("a success never calls the fallback").hasSize(1);
  }

  @Test
  void onLimitsWhatFallsBackAndIgnoreWinsForASubtypeOfBoth() throws Throwable {
    Chain chain = chain(FallbackSpec.builder().method("f").on(RuntimeException.class)
        .ignore(IllegalArgumentException.class).build());
    IOException outside = new IOException();
    assertThatThrownBy(() -> call(chain, outside)).isSameAs(outside);
    NumberFormatException ignored = new NumberFormatException();
    assertThatThrownBy(() -> call(chain, ignored)).isSameAs(ignored);
    assertThat(call(chain, new IllegalStateException())).isEqualTo("fallback(x)");
  }

  @Test
  void errorsInterruptsAndCancellationsNeverFallBack() {
    Chain chain = chain(FallbackSpec.builder().method("f").on(Exception.class).build());
    for (Throwable t : List.of(new AssertionError(), new StackOverflowError(),
        new InterruptedException(), new CancellationException())) {
      assertThatThrownBy(() -> call(chain, t)).isSameAs(t);
    }
    assertThat(given).isEmpty();
  }

  @Test
  void whatTheFallbackThrowsReachesTheCallerUnwrapped() {
    IOException fromFallback = new IOException("fallback failed too");
    Chain chain = decor.chain(CALL, (self, args, failure) -> {
      throw fromFallback;
    }, FallbackSpec.builder().method("f").build());
    assertThatThrownBy(() -> call(chain, new IllegalStateException())).isSameAs(fromFallback);
  }

  @Test
  void aTimeoutFallsBackLikeAnyException() throws Throwable {
    Chain chain = decor.chain(CALL, fallback, FallbackSpec.builder().method("f").build(),
        TimeoutSpec.of("50ms"));
    CountDownLatch never = new CountDownLatch(1);
    assertThat(chain.invoke(null, new Object[] {"x"}, () -> {
      never.await(); // until @Timeout interrupts it
      return "late";
    })).isEqualTo("fallback(x)");
    assertThat(given).singleElement()
        .isInstanceOfSatisfying(DeadlineExceededException.class, deadline -> assertThat(deadline)
            .hasMessage(Messages.timeout("FlakyService.call", "50ms")));
  }

  @Test
  void anAsyncMethodFallsBackWhenItsStageFailsWithAValueOrAStage() throws Throwable {
    Chain values = decor.chain(CALL_ASYNC, fallback, FallbackSpec.builder().method("f").build());
    IOException cause = new IOException();
    CompletableFuture<Object> failing = new CompletableFuture<>();
    Object result = values.invoke(null, new Object[] {"x"}, () -> failing);
    assertThat(result).isInstanceOf(CompletableFuture.class).isNotSameAs(failing);
    assertThat(given).as("the fallback waits for the stage").isEmpty();
    failing.completeExceptionally(new CompletionException(cause));
    assertThat(((CompletableFuture<?>) result).join()).isEqualTo("fallback(x)");
    assertThat(given).as("judged without its CompletionException").containsExactly(cause);

    Chain stages = decor.chain(CALL_ASYNC,
        (self, args, failure) -> CompletableFuture.supplyAsync(() -> "later"),
        FallbackSpec.builder().method("f").build());
    Object later = stages.invoke(null, new Object[] {"x"},
        () -> CompletableFuture.failedFuture(new IOException()));
    assertThat(((CompletableFuture<?>) later).join()).isEqualTo("later");

    Object thrown = values.invoke(null, new Object[] {"y"}, () -> {
      throw new IllegalStateException("before any stage");
    });
    assertThat(((CompletableFuture<?>) thrown).join()).isEqualTo("fallback(y)");

    Object fine = values.invoke(null, new Object[] {"x"},
        () -> CompletableFuture.completedFuture("fine"));
    assertThat(((CompletableFuture<?>) fine).join()).isEqualTo("fine");
  }

  @Test
  void anAsyncFailureThatDoesNotFallBackFailsTheStageWithTheFailureItself() throws Throwable {
    Chain chain = decor.chain(CALL_ASYNC, fallback,
        FallbackSpec.builder().method("f").on(IOException.class).build());
    IllegalStateException cause = new IllegalStateException();
    Object result = chain.invoke(null, new Object[] {"x"},
        () -> CompletableFuture.failedFuture(new CompletionException(cause)));
    assertThatThrownBy(((CompletableFuture<?>) result)::join)
        .isInstanceOf(CompletionException.class).hasCause(cause);
  }

  @Test
  void itSeesTheFailureLeftAfterRetriesAndTheBreaker() throws Throwable {
    FlakyService service = FlakyService.failing(Integer.MAX_VALUE);
    Chain chain = decor.chain(CALL, fallback, FallbackSpec.builder().method("f").build(),
        RetrySpec.builder().maxAttempts(3).build(),
        CircuitBreakerSpec.builder().window(3).failureRate(100).build());
    assertThat(chain.invoke(service, new Object[] {"x"}, () -> service.call("x")))
        .isEqualTo("fallback(x)");
    assertThat(service.attempts()).as("every attempt ran before the fallback").isEqualTo(3);
    assertThat(given).containsExactly(service.lastThrown());

    assertThat(chain.invoke(service, new Object[] {"x"}, () -> service.call("x")))
        .isEqualTo("fallback(x)");
    assertThat(service.attempts()).as("the breaker is open: no attempt reaches the method")
        .isEqualTo(3);
    assertThat(given.get(1)).isInstanceOf(CallNotPermittedException.class);
  }

  @Test
  void itsAnswerIsTimedAsASuccessAndNeverCached() throws Throwable {
    AtomicInteger runs = new AtomicInteger();
    Chain chain = decor.chain(CALL, fallback, TimedSpec.of("", false),
        FallbackSpec.builder().method("f").build(),
        CachedSpec.builder().name("FallbackTest.cached").build());
    for (int i = 0; i < 2; i++) {
      assertThat(chain.invoke(null, new Object[] {"x"}, () -> {
        runs.incrementAndGet();
        throw new IOException();
      })).isEqualTo("fallback(x)");
    }
    assertThat(runs).as("the fallback's answer was not cached").hasValue(2);
    assertThat(decor.timingStats("FlakyService.call").count()).isEqualTo(2);
    assertThat(registry.get("method.timed").tag("exception", "none").timer().count())
        .isEqualTo(2);
  }

  @Test
  void eachCallAnsweredByTheFallbackIsCounted() throws Throwable {
    Chain chain = chain(FallbackSpec.builder().method("f").build());
    call(chain, new IOException());
    call(chain, new IOException());
    call(chain, new IllegalStateException());
    assertThat(registry.get("decor.fallback.calls").tags("name", "FlakyService.call",
        "exception", "IOException").counter().count()).isEqualTo(2.0);
    assertThat(registry.get("decor.fallback.calls").tags("exception", "IllegalStateException")
        .counter().count()).isEqualTo(1.0);
  }

  @Test
  void aFallbackSpecNeedsAFallbackMethodAndValidValues() {
    assertThatThrownBy(() -> decor.chain(CALL, FallbackSpec.builder().method("f").build()))
        .hasMessage(Messages.fallbackMissing(CALL.toString()));
    assertThatThrownBy(() -> FallbackSpec.builder().on(OutOfMemoryError.class).build())
        .hasMessage(Messages.fallbackOnError(OutOfMemoryError.class.getName()));
    assertThatThrownBy(() -> FallbackSpec.builder().on(IOException.class)
        .ignore(IOException.class).build())
        .hasMessage(Messages.fallbackOnAndIgnore(IOException.class.getName()));
  }

  @Test
  void decoratorsTakeAFallbackFunctionAndABreaker() {
    AtomicInteger runs = new AtomicInteger();
    Function<String, String> fetch = decor.decorate("Store.fetch")
        .fallback(f -> f.on(UncheckedIOException.class, CallNotPermittedException.class),
            failure -> "cached")
        .circuitBreaker(b -> b.window(2).failureRate(50))
        .function(key -> {
          runs.incrementAndGet();
          throw new UncheckedIOException(new IOException(key));
        });
    assertThat(fetch.apply("a")).isEqualTo("cached");
    assertThat(fetch.apply("b")).isEqualTo("cached");
    assertThat(fetch.apply("c")).isEqualTo("cached");
    assertThat(runs).as("the third call met an open breaker, which fell back too").hasValue(2);
    assertThat(decor.circuitBreaker("Store.fetch")).isPresent();

    Supplier<String> plain = decor.decorate("Store.plain").fallback(failure -> "x")
        .supplier(() -> "fine");
    assertThat(plain.get()).isEqualTo("fine");
  }
}
