package dev.decor.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.RetrySpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code @Retry(retryIf)} on a method declared to return {@code CompletionStage<X>} itself (not a
 * {@code CompletableFuture}): its predicate is checked against {@code X}, as the processor checks
 * it, so a fitting predicate is accepted and judges the stage's values.
 */
class RetryIfStageTest {
  static class Jobs {
    CompletionStage<String> status(String id) {
      return CompletableFuture.completedFuture(id);
    }
  }

  private static final MethodKey STATUS = MethodKey.of(Jobs.class, "status", String.class);

  /** Retries while the job is still running. */
  public static final class StillRunning implements Predicate<String> {
    @Override
    public boolean test(String status) {
      return status.equals("running");
    }
  }

  /** Judges numbers: does not fit a stage of strings. */
  public static final class Negative implements Predicate<Number> {
    @Override
    public boolean test(Number n) {
      return n.doubleValue() < 0;
    }
  }

  private final Decor decor = Decor.builder().scheduler(nanos -> Runnable::run).build();

  @Test
  void aPredicateOfTheStagesValueTypeJudgesItsValues() throws Throwable {
    Chain chain = decor.chain(STATUS,
        RetrySpec.builder().retryIf(StillRunning.class).maxAttempts(4).build());
    AtomicInteger attempts = new AtomicInteger();

    CompletionStage<?> stage = (CompletionStage<?>) chain.invoke(null, () ->
        CompletableFuture.completedFuture(attempts.incrementAndGet() < 3 ? "running" : "done"));

    assertThat(stage.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void aPredicateOfAnotherTypeIsRejectedNamingTheStagesValueType() {
    assertThatThrownBy(() -> decor.chain(STATUS,
        RetrySpec.builder().retryIf(Negative.class).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.retryIfType("Negative", "Number", "status(String)",
            "completes its stage with String"));
  }
}
