package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.fixtures.StdErr;
import dev.decor.engine.internal.Chain;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.RetrySpec;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code @Retry}'s growth on the engine: {@code retryIf} retries on a result (the caller gets the
 * last one when attempts run out), {@code maxDuration} starts no attempt after the budget, counted
 * on the engine's clock from the first attempt's start, {@code log} writes one line per retry;
 * asynchronous methods too. Isolated: the log test captures {@code System.err}.
 */
@Isolated
class RetryOnResultTest {
  private static final MethodKey STATUS = MethodKey.of(Jobs.class, "status", String.class);
  private static final MethodKey STATUS_ASYNC =
      MethodKey.of(Jobs.class, "statusAsync", String.class);
  private static final MethodKey COUNT = MethodKey.of(Jobs.class, "count");
  private static final MethodKey CLEAR = MethodKey.of(Jobs.class, "clear");

  /** The methods whose keys the chains use. */
  static class Jobs {
    String status(String id) {
      return id;
    }

    CompletableFuture<String> statusAsync(String id) {
      return CompletableFuture.completedFuture(id);
    }

    int count() {
      return 0;
    }

    void clear() {}
  }

  /** Retries while the job is still running. */
  public static final class StillRunning implements Predicate<String> {
    public static final AtomicInteger CREATED = new AtomicInteger();

    public StillRunning() {
      CREATED.incrementAndGet();
    }

    @Override
    public boolean test(String status) {
      return status.equals("running");
    }
  }

  /** Judges numbers: fits an {@code int} result, not a {@code String} one. */
  public static final class Negative implements Predicate<Number> {
    @Override
    public boolean test(Number n) {
      return n.doubleValue() < 0;
    }
  }

  /** Has no public no-argument constructor. */
  public static final class Configured implements Predicate<String> {
    public Configured(String state) {}

    @Override
    public boolean test(String s) {
      return false;
    }
  }

  /** A clock that the sleeper moves: each wait passes at once but shows on the engine's clock. */
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<Long> waits = new CopyOnWriteArrayList<>();
  private final Decor decor = Decor.builder()
      .nanoTime(clock::get)
      .sleeper(nanos -> {
        waits.add(nanos);
        clock.addAndGet(nanos);
      })
      .scheduler(nanos -> task -> {
        waits.add(nanos);
        clock.addAndGet(nanos);
        task.run();
      })
      .build();

  private static RetrySpec.Builder retry() {
    return RetrySpec.builder().retryIf(StillRunning.class);
  }

  /** A body that answers each attempt with the next of {@code statuses} (the last one after). */
  private static final class Poll {
    final List<String> statuses;
    final AtomicInteger attempts = new AtomicInteger();
    /** How long each attempt takes on the test clock. */
    final long takesNanos;
    final AtomicLong clock;

    Poll(AtomicLong clock, long takesNanos, String... statuses) {
      this.clock = clock;
      this.takesNanos = takesNanos;
      this.statuses = List.of(statuses);
    }

    String next() {
      int n = attempts.incrementAndGet();
      clock.addAndGet(takesNanos);
      return statuses.get(Math.min(n, statuses.size()) - 1);
    }
  }

  @Test
  void aRejectedResultIsRetriedUntilOneIsAccepted() throws Throwable {
    Chain chain = decor.chain(STATUS, retry().maxAttempts(5).delay("10ms").build());
    Poll poll = new Poll(clock, 0, "running", "running", "done");

    assertThat(chain.invoke(null, poll::next)).isEqualTo("done");
    assertThat(poll.attempts).hasValue(3);
    assertThat(waits).hasSize(2);
    assertThat(decor.retry("Jobs.status").orElseThrow().getMetrics()
        .getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
  }

  @Test
  void afterTheLastAttemptTheCallerGetsTheLastResultItself() throws Throwable {
    Chain chain = decor.chain(STATUS, retry().maxAttempts(3).build());
    Poll poll = new Poll(clock, 0, "running");

    assertThat(chain.invoke(null, poll::next)).isEqualTo("running");
    assertThat(poll.attempts).hasValue(3);
    assertThat(decor.retry("Jobs.status").orElseThrow().getMetrics()
        .getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(1);
  }

  @Test
  void exceptionsAndRejectedResultsShareTheAttempts() throws Throwable {
    Chain chain = decor.chain(STATUS, retry().maxAttempts(3).build());
    AtomicInteger attempts = new AtomicInteger();

    Object result = chain.invoke(null, () -> {
      int n = attempts.incrementAndGet();
      if (n == 1) {
        throw new IOException("attempt 1");
      }
      return "running";
    });

    assertThat(result).isEqualTo("running");
    assertThat(attempts).hasValue(3);
  }

  /** The {@code RETRY_JUDGED} loop generated wrappers and the aspect run (docs/processor.md). */
  private static Object callByHooks(Chain chain, dev.decor.kernel.Invocation body)
      throws Throwable {
    Object retry = chain.retryEnter();
    long start = Chain.retryStart(retry);
    while (true) {
      Object result;
      try {
        result = body.proceed();
      } catch (Throwable failure) {
        retry = Chain.retryFailed(retry, failure, start);
        continue;
      }
      Object next = Chain.retryResult(retry, result, start);
      if (next == Chain.RETRY_DONE) {
        return result;
      }
      retry = next;
    }
  }

  @Test
  void theJudgedHooksRetryRejectedResultsFailuresAndKeepTheBudgetAsInvokeDoes() throws Throwable {
    Chain chain = decor.chain(STATUS, retry().maxAttempts(5).delay("10ms").build());
    assertThat(chain.shape()).isEqualTo(dev.decor.internal.Shape.RETRY_JUDGED);
    Poll poll = new Poll(clock, 0, "running", "running", "done");
    assertThat(callByHooks(chain, poll::next)).isEqualTo("done");
    assertThat(poll.attempts).hasValue(3);
    assertThat(waits).hasSize(2);
    assertThat(decor.retry("Jobs.status").orElseThrow().getMetrics()
        .getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);

    Poll stuck = new Poll(clock, 0, "running");
    assertThat(callByHooks(decor.chain(STATUS, retry().maxAttempts(3).build()), stuck::next))
        .as("the last result itself").isEqualTo("running");
    assertThat(stuck.attempts).hasValue(3);

    // Attempts of 30 ms, 100 ms apart, within 300 ms: they start at 0, 130 and 260 ms.
    Chain budget = decor.chain(STATUS, RetrySpec.builder().maxAttempts(10).delay("100ms")
        .maxDuration("300ms").build());
    assertThat(budget.shape()).isEqualTo(dev.decor.internal.Shape.RETRY_JUDGED);
    AtomicInteger attempts = new AtomicInteger();
    List<IOException> thrown = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> callByHooks(budget, () -> {
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(30));
      IOException e = new IOException("attempt " + attempts.incrementAndGet());
      thrown.add(e);
      throw e;
    })).isSameAs(thrown.get(2));
    assertThat(attempts).hasValue(3);
  }

  @Test
  void thePredicateIsCreatedOncePerChain() throws Throwable {
    int before = StillRunning.CREATED.get();
    Chain chain = decor.chain(STATUS, retry().build());
    for (int i = 0; i < 5; i++) {
      chain.invoke(null, () -> "done");
    }
    assertThat(StillRunning.CREATED.get() - before).isEqualTo(1);
  }

  @Test
  void noAttemptStartsAfterMaxDurationCountedFromTheFirstAttemptsStart() {
    // Attempts take 30 ms each on the engine's clock and wait 100 ms between them: they start at
    // 0, 130 and 260 ms; the fourth would start at 390 ms, after the 300 ms budget.
    Chain chain = decor.chain(STATUS, RetrySpec.builder().maxAttempts(10).delay("100ms")
        .maxDuration("300ms").build());
    AtomicInteger attempts = new AtomicInteger();
    List<IOException> thrown = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> chain.invoke(null, () -> {
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(30));
      IOException e = new IOException("attempt " + attempts.incrementAndGet());
      thrown.add(e);
      throw e;
    })).isSameAs(thrown.get(2));
    assertThat(attempts).hasValue(3);
  }

  @Test
  void maxDurationEndsResultRetriesWithTheLastResult() throws Throwable {
    Chain chain = decor.chain(STATUS, retry().maxAttempts(10).delay("100ms")
        .maxDuration("250ms").build());
    Poll poll = new Poll(clock, 0, "running");

    assertThat(chain.invoke(null, poll::next)).isEqualTo("running");
    assertThat(poll.attempts).as("at 0, 100 and 200 ms; not at 300").hasValue(3);
  }

  @Test
  void anAsynchronousMethodsValueIsJudgedToo() throws Throwable {
    Chain chain = decor.chain(STATUS_ASYNC, retry().maxAttempts(4).build());
    Poll poll = new Poll(clock, 0, "running", "running", "done");

    CompletionStage<?> stage =
        (CompletionStage<?>) chain.invoke(null, () -> CompletableFuture.completedFuture(poll.next()));

    assertThat(stage.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(poll.attempts).hasValue(3);
  }

  @Test
  void anAsynchronousMethodGetsItsLastValueAndHonoursTheBudget() throws Throwable {
    Chain chain = decor.chain(STATUS_ASYNC, retry().maxAttempts(10).delay("100ms")
        .maxDuration("150ms").build());
    Poll poll = new Poll(clock, 0, "running");

    CompletionStage<?> stage =
        (CompletionStage<?>) chain.invoke(null, () -> CompletableFuture.completedFuture(poll.next()));

    assertThat(stage.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("running");
    assertThat(poll.attempts).hasValue(2);
  }

  @Test
  void logWritesOneLinePerRetryWithMethodAttemptWaitAndCause() throws Throwable {
    Chain chain = decor.chain(STATUS, retry().maxAttempts(3).delay("20ms").log(true).build());
    AtomicInteger attempts = new AtomicInteger();
    String err = StdErr.capture(() -> chain.invoke(null, () -> {
      if (attempts.incrementAndGet() == 1) {
        throw new IOException("store down");
      }
      return attempts.get() == 2 ? "running" : "done";
    }));

    List<String> lines = err.lines()
        .filter(l -> l.contains("dev.decor.Retry")).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("WARN", "Jobs.status: attempt 1 of 3 failed with"
        + " java.io.IOException: store down; retrying in 20 ms");
    assertThat(lines.get(1)).contains(
        "Jobs.status: attempt 2 of 3 returned a result StillRunning rejects; retrying in 20 ms");
  }

  @Test
  void aPredicateOfAnotherTypeThanTheResultIsRejectedWithTheProcessorsMessage() {
    assertThatThrownBy(() -> decor.chain(STATUS,
        RetrySpec.builder().retryIf(Negative.class).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.retryIfType("Negative", "Number", "status(String)",
            "returns String"));
    assertThatThrownBy(() -> decor.chain(STATUS_ASYNC,
        RetrySpec.builder().retryIf(Negative.class).build()))
        .hasMessage(Messages.retryIfType("Negative", "Number", "statusAsync(String)",
            "completes its stage with String"));
    assertThatThrownBy(() -> decor.chain(CLEAR, retry().build()))
        .hasMessage(Messages.retryIfType("StillRunning", "String", "clear()",
            "returns nothing (void)"));
    // A primitive result is judged boxed.
    assertThat(decor.chain(COUNT, RetrySpec.builder().retryIf(Negative.class).build()))
        .isNotNull();
  }

  @Test
  void aPredicateDecorCannotCreateIsRejected() {
    assertThatThrownBy(() -> decor.chain(STATUS,
        RetrySpec.builder().retryIf(Configured.class).build()))
        .hasMessage(Messages.retryIfClass("Configured", "has no public no-argument constructor"));
  }

  @Test
  void aBudgetMustBePositive() {
    assertThatThrownBy(() -> RetrySpec.builder().maxDuration("0s").build())
        .hasMessage(Messages.retryMaxDuration("0s"));
    assertThatThrownBy(() -> RetrySpec.builder().maxDuration("later").build())
        .hasMessage(Messages.badDuration("@Retry(maxDuration)", "later"));
  }
}
