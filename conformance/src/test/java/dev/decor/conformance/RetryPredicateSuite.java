package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.conformance.woven.InvalidRetryTargets;
import dev.decor.internal.Messages;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code @Retry} judges the exception the method threw, not its cause — the four cases of the
 * differential run against Python's tenacity — in every {@link Mode}; and, woven, the rules the
 * processor enforces at compile time fail on the first call with its message.
 */
abstract class RetryPredicateSuite {
  abstract Mode mode();

  private WrappingService service() {
    return mode().create(WrappingService.class);
  }

  @Test
  void aCompletionExceptionIsNotTheIllegalStateExceptionItWraps() {
    WrappingService service = service();

    assertThatThrownBy(service::wrapsRetryable).isExactlyInstanceOf(CompletionException.class)
        .hasCauseExactlyInstanceOf(IllegalStateException.class);
    assertThat(service.attempts()).isEqualTo(1);
  }

  @Test
  void retryOnCompletionExceptionRetriesOneWrappingAnIoException() {
    WrappingService service = service();

    assertThatThrownBy(service::completionException)
        .isExactlyInstanceOf(CompletionException.class);
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void aCauselessCompletionExceptionIsRetriedByDefault() {
    WrappingService service = service();

    assertThatThrownBy(service::causeless).isExactlyInstanceOf(CompletionException.class)
        .hasNoCause();
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void ignoreDoesNotStopAnExecutionExceptionWrappingTheIgnoredType() {
    WrappingService service = service();

    assertThatThrownBy(service::wrapsIgnored).isExactlyInstanceOf(ExecutionException.class)
        .hasCauseExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void aWovenClassOfAProcessedModuleIsDecoratedByWeaving() throws Exception {
    assumeTrue(mode().woven(), "@Woven classes get no wrapper");
    WovenInProcessedModule woven = mode().create(WovenInProcessedModule.class);

    assertThat(woven.fetch()).isEqualTo("ok@3");
  }

  @Test
  void rulesTheProcessorEnforcesFailOnFirstWovenCallWithItsMessage() {
    assumeTrue(mode().woven(), "the processor rejects these at compile time");
    InvalidRetryTargets invalid = mode().create(InvalidRetryTargets.class);

    assertFails(invalid, InvalidRetryTargets::retriesAnError,
        Messages.retryOnError(OutOfMemoryError.class.getName()));
    assertFails(invalid, InvalidRetryTargets::retriedFuture,
        Messages.asyncReturnType("Retry", "retriedFuture()", "MyFuture"));
    assertFails(invalid, InvalidRetryTargets::cachedFuture,
        Messages.asyncReturnType("Cached", "cachedFuture()", "MyFuture"));
    assertThat(invalid.bodyRuns).hasValue(0);
  }

  private static void assertFails(InvalidRetryTargets target,
      Consumer<InvalidRetryTargets> call, String message) {
    assertThatThrownBy(() -> call.accept(target))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
