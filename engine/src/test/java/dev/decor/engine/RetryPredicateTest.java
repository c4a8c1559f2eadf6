package dev.decor.engine;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Cached;
import dev.decor.Retry;
import dev.decor.spec.CachedSpec;
import dev.decor.internal.Messages;
import dev.decor.spec.RetrySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code retryOn}/{@code ignore} judge the exception the method threw, not its cause (issue:
 * resilience4j's async context unwrapped CompletionException/ExecutionException on the
 * synchronous path), through {@link Decorators}; the conformance suite repeats the four cases
 * with annotations in every mode. Also the retry rules checked when a chain is built.
 */
class RetryPredicateTest {
  private static int attempts(Consumer<RetrySpec.Builder> settings, Exception thrown) {
    AtomicInteger attempts = new AtomicInteger();
    Callable<String> call = Decorators.named("RetryPredicate.call" + System.nanoTime())
        .retry(settings)
        .callable(() -> {
          attempts.incrementAndGet();
          throw thrown;
        });
    assertThatThrownBy(call::call).isSameAs(thrown);
    return attempts.get();
  }

  @Test
  void aCompletionExceptionIsNotTheIllegalStateExceptionItWraps() {
    assertThat(attempts(r -> r.retryOn(IllegalStateException.class),
        new CompletionException(new IllegalStateException("inside")))).isEqualTo(1);
  }

  @Test
  void retryOnCompletionExceptionRetriesOneWrappingAnIoException() {
    assertThat(attempts(r -> r.retryOn(CompletionException.class),
        new CompletionException(new IOException("inside")))).isEqualTo(3);
  }

  @Test
  void aCauselessCompletionExceptionIsRetriedByDefault() {
    assertThat(attempts(r -> {}, new CompletionException("no cause", null))).isEqualTo(3);
  }

  @Test
  void ignoreDoesNotStopAnExecutionExceptionWrappingTheIgnoredType() {
    assertThat(attempts(r -> r.ignore(IllegalArgumentException.class),
        new ExecutionException(new IllegalArgumentException("inside")))).isEqualTo(3);
  }

  @Test
  void aPlainExceptionIsStillJudgedAsBefore() {
    assertThat(attempts(r -> r.ignore(IllegalArgumentException.class),
        new IllegalArgumentException("bad"))).isEqualTo(1);
    assertThat(attempts(r -> r.retryOn(IOException.class).maxAttempts(4),
        new UncheckedIOException(new IOException("x")))).isEqualTo(1);
  }

  @Test
  void anAsyncMethodIsStillJudgedByTheCauseOfItsFailedStage() {
    AtomicInteger attempts = new AtomicInteger();
    MethodKey key = MethodKey.named("RetryPredicate.async" + System.nanoTime(),
        CompletableFuture.class);
    Chain chain = Chains.of(key, RetrySpec.builder().retryOn(IOException.class).build());
    CompletableFuture<?> result;
    try {
      result = (CompletableFuture<?>) chain.invoke(null, null, () -> {
        attempts.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> {
          throw new UncheckedIOException(new IOException("x"));
        }).thenApply(x -> x).exceptionallyCompose(t -> CompletableFuture.failedFuture(
            new CompletionException(new IOException("stage"))));
      });
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    assertThatThrownBy(result::join).hasCauseInstanceOf(IOException.class);
    assertThat(attempts).hasValue(3);
  }

  @Test
  void anErrorInRetryOnIsRejectedBecauseErrorsAreNeverRetried() {
    assertThatThrownBy(() -> Decorators.named("RetryPredicate.error")
            .retry(r -> r.retryOn(IOException.class, OutOfMemoryError.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.retryOnError("java.lang.OutOfMemoryError"));
  }

  /** A CompletableFuture subtype the engine cannot produce: it completes its own future. */
  static class MyFuture<T> extends CompletableFuture<T> {}

  static class Async {
    @Retry
    MyFuture<String> retried() {
      return new MyFuture<>();
    }

    @Cached
    MyFuture<String> cached() {
      return new MyFuture<>();
    }

    @Retry
    CompletionStage<String> stage() {
      return new MyFuture<>();
    }
  }

  @Test
  void retryOrCachedOnACompletableFutureSubtypeIsRejectedWhenTheChainIsBuilt() throws Exception {
    assertThatThrownBy(() -> Chains.forMethod(Async.class.getDeclaredMethod("retried")))
        .hasMessage(Messages.asyncReturnType("Retry", "retried()", "MyFuture"));
    assertThatThrownBy(() -> Chains.of(
            MethodKey.of(Async.class.getDeclaredMethod("cached")), CachedSpec.builder().build()))
        .hasMessage(Messages.asyncReturnType("Cached", "cached()", "MyFuture"));
    assertThat(Chains.forMethod(Async.class.getDeclaredMethod("stage"))).isNotNull();
  }
}
