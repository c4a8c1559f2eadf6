package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.fixtures.TinyModel;
import dev.decor.grad.GradMode;
import dev.decor.internal.Messages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The programmatic front end runs the same engine under the name it is given. */
class DecoratorsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Decor decor = Decor.builder().meterRegistry(registry).instantRetries().build();

  @Test
  void aDecoratedFunctionIsTimedCachedAndRetriedUnderItsName() {
    AtomicInteger calls = new AtomicInteger();
    Function<String, String> fetch = decor.decorate("Store.fetchFn")
        .retry(3, "0ms", 1.0)
        .cached(16)
        .timed()
        .function(key -> {
          if (calls.incrementAndGet() < 3) {
            throw new IllegalStateException("flaky " + calls.get());
          }
          return key.toUpperCase();
        });

    assertThat(fetch.apply("a")).isEqualTo("A");
    assertThat(fetch.apply("a")).isEqualTo("A");

    assertThat(calls).hasValue(3);
    assertThat(decor.cacheStats("Store.fetchFn").hits()).isEqualTo(1);
    assertThat(decor.cacheStats("Store.fetchFn").misses()).isEqualTo(1);
    assertThat(decor.timingStats("Store.fetchFn").count()).isEqualTo(2);
    assertThat(registry.get("method.timed")
            .tags("class", "Store", "method", "fetchFn", "exception", "none").timer().count())
        .isEqualTo(2);
  }

  @Test
  void aCallableRethrowsTheLastCheckedExceptionItself() {
    List<IOException> thrown = new ArrayList<>();
    Callable<String> read = Decorators.named("Disk.read").retry(2, "0ms", 1.0).callable(() -> {
      IOException e = new IOException("attempt " + (thrown.size() + 1));
      thrown.add(e);
      throw e;
    });

    assertThatThrownBy(read::call).isSameAs(thrown.get(1));
    assertThat(thrown).hasSize(2);
  }

  /** A store whose fetch declares a checked exception, as the README's {@code ImageStore} does. */
  static final class Store {
    final List<IOException> thrown = new ArrayList<>();
    int failuresLeft;

    byte[] fetch(String key) throws IOException {
      if (failuresLeft > 0) {
        failuresLeft--;
        IOException e = new IOException("attempt " + (thrown.size() + 1) + " for " + key);
        thrown.add(e);
        throw e;
      }
      return key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void aCheckedFunctionRethrowsTheLastCheckedExceptionItselfAfterRetries() {
    Store store = new Store();
    store.failuresLeft = 5;
    Decorators.CheckedFunction<String, byte[], IOException> fetch =
        decor.decorate("Store.fetchChecked").timed().retry(3, "0ms", 1.0)
            .checkedFunction(store::fetch);

    IOException caught = null;
    try {
      fetch.apply("a");
    } catch (IOException e) {          // the declared exception, not a wrapper
      caught = e;
    }

    assertThat(store.thrown).hasSize(3);
    assertThat(caught).isSameAs(store.thrown.get(2));
    assertThat(registry.get("method.timed").tags("class", "Store", "method", "fetchChecked",
        "exception", "IOException").timer().count()).isEqualTo(1);
  }

  @Test
  void aCheckedFunctionRetriesThenAnswersAndCachesByItsArgument() throws IOException {
    Store store = new Store();
    store.failuresLeft = 2;
    Decorators.CheckedFunction<String, byte[], IOException> fetch =
        decor.decorate("Store.fetchCached").cached(16).retry(3, "0ms", 1.0)
            .checkedFunction(store::fetch);

    assertThat(fetch.apply("ab")).containsExactly('a', 'b');
    assertThat(fetch.apply("ab")).containsExactly('a', 'b');

    assertThat(store.thrown).hasSize(2);
    assertThat(decor.cacheStats("Store.fetchCached").hits()).isEqualTo(1);
    assertThat(decor.cacheStats("Store.fetchCached").misses()).isEqualTo(1);
  }

  @Test
  void aCheckedFunctionPassesUncheckedExceptionsThroughUnwrapped() {
    IllegalArgumentException bad = new IllegalArgumentException("bad key");
    AtomicInteger calls = new AtomicInteger();
    Decorators.CheckedFunction<String, String, IOException> parse =
        decor.decorate("Store.parse").retry(r -> r.maxAttempts(3).ignore(
            IllegalArgumentException.class)).checkedFunction(key -> {
              calls.incrementAndGet();
              throw bad;
            });

    assertThatThrownBy(() -> parse.apply("x")).isSameAs(bad);
    assertThat(calls).hasValue(1);
  }

  @Test
  void noGradAndInferenceModeSetAndRestoreTheMode() {
    Supplier<Boolean> gradInside = Decorators.named("Probe.noGrad").noGrad()
        .supplier(GradMode::isEnabled);
    assertThat(gradInside.get()).isFalse();
    assertThat(GradMode.isEnabled()).isTrue();

    TinyModel model = new TinyModel();
    model.setTraining(true);
    Supplier<String> predict = Decorators.named("Model.predictFn").inferenceMode(model)
        .supplier(() -> "training=" + model.isTraining() + ", grad=" + GradMode.isEnabled());
    assertThat(predict.get()).isEqualTo("training=false, grad=false");
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void invalidValuesFailWithTheAnnotationsMessages() {
    assertThatThrownBy(() -> Decorators.named("Bad.retry").retry(0, "0ms", 1.0))
        .hasMessage(Messages.retryMaxAttempts(0));
    assertThatThrownBy(() -> Decorators.named("Bad.cache").cached(-1))
        .hasMessage(Messages.cachedMaxSize(-1));
    assertThatThrownBy(() -> Decorators.named("Bad.twice").noGrad().noGrad())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void twoFunctionsCachedUnderOneNameClashInsteadOfSharingEntries() {
    Function<String, String> first =
        decor.decorate("Dup.fn").cached(10).function(key -> "first:" + key);
    assertThat(first.apply("a")).isEqualTo("first:a");
    assertThatThrownBy(() -> decor.decorate("Dup.fn").cached(10).function(key -> "second:" + key))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(Messages.cacheNameClashOfOneName("Dup.fn", "Dup.fn"))
        .hasMessageContaining("two functions both decorated as 'Dup.fn'")
        .hasMessageContaining("Build the function once");
    assertThat(first.apply("a")).isEqualTo("first:a");
  }

  @Test
  void functionsUnderOneNameWithoutACacheShareTheirTimings() {
    Supplier<Integer> one = decor.decorate("Shared.timed").timed().supplier(() -> 1);
    Supplier<Integer> two = decor.decorate("Shared.timed").timed().supplier(() -> 2);
    one.get();
    two.get();
    assertThat(decor.timingStats("Shared.timed").count()).isEqualTo(2);
  }
}
