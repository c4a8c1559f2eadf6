package dev.decor.engine;

import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.GradSpec;
import dev.decor.internal.Messages;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import java.io.IOException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invalid annotation values fail when the chain is built, with the shared {@link Messages}. */
class SpecValidationTest {
  private static final Class<?>[] EXCEPTION = {Exception.class};

  @SuppressWarnings("unchecked")
  private static RetrySpec retry(int maxAttempts, String delay, double multiplier, String maxDelay,
      double jitter) {
    return RetrySpec.of(maxAttempts, delay, multiplier, maxDelay, jitter,
        (Class<? extends Throwable>[]) EXCEPTION);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void maxAttemptsBelowOneIsRejected(int maxAttempts) {
    assertThatThrownBy(() -> retry(maxAttempts, "0ms", 1.0, "", 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.retryMaxAttempts(maxAttempts));
    assertThat(Messages.retryMaxAttempts(0)).isEqualTo(
        "[decor/RetryMaxAttempts] @Retry(maxAttempts = 0) must be at least 1; use 1 to call once"
            + " without retrying.");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY})
  void multiplierBelowOneIsRejected(double multiplier) {
    assertThatThrownBy(() -> retry(3, "10ms", multiplier, "", 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.retryMultiplier(multiplier));
    assertThat(Messages.retryMultiplier(0.5)).contains("multiplier = 0.5", "must be at least 1.0");
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, -0.1, 1.5, Double.NaN})
  void jitterOutsideZeroToOneIsRejected(double jitter) {
    assertThatThrownBy(() -> retry(3, "10ms", 1.0, "", jitter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.retryJitter(jitter));
    assertThat(Messages.retryJitter(1.0)).contains("jitter = 1.0", "must be in [0, 1)");
  }

  @Test
  void boundaryValuesAreAccepted() {
    assertThatCode(() -> retry(1, "0ms", 1.0, "", 0.0)).doesNotThrowAnyException();
    assertThatCode(() -> retry(2, "1ms", 1.0, "1h", 0.999)).doesNotThrowAnyException();
    assertThatCode(() -> CachedSpec.of(0, "", "")).doesNotThrowAnyException();
  }

  @Test
  void badRetryDurationsNameTheirAttribute() {
    assertThatThrownBy(() -> retry(3, "5 ms", 1.0, "", 0.0))
        .hasMessage(Messages.badDuration("@Retry(delay)", "5 ms"));
    assertThatThrownBy(() -> retry(3, "", 1.0, "", 0.0))
        .hasMessage(Messages.badDuration("@Retry(delay)", ""));
    assertThatThrownBy(() -> retry(3, "1s", 1.0, "1d", 0.0))
        .hasMessage(Messages.badDuration("@Retry(maxDelay)", "1d"));
  }

  @Test
  void maxSizeBelowZeroIsRejected() {
    assertThatThrownBy(() -> CachedSpec.of(-1, "", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.cachedMaxSize(-1))
        .hasMessageContaining("must not be negative; use 0 to disable caching");
  }

  @Test
  void badExpireAfterWriteIsRejected() {
    assertThatThrownBy(() -> CachedSpec.of(10, "abc", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.badDuration("@Cached(expireAfterWrite)", "abc"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aClassInBothRetryOnAndIgnoreIsRejected() {
    assertThatThrownBy(() -> RetrySpec.of(3, "0ms", 1.0, "", 0.0,
            new Class[] {IOException.class, IllegalStateException.class},
            IllegalStateException.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.retryOnAndIgnore("java.lang.IllegalStateException"))
        .hasMessageContaining("in both retryOn and ignore");
    // A subtype in ignore is the normal idiom, not a conflict.
    assertThatCode(() -> RetrySpec.of(3, "0ms", 1.0, "", 0.0,
            new Class[] {Exception.class}, IllegalArgumentException.class))
        .doesNotThrowAnyException();
  }

  @Test
  void cachedOnVoidIsRejectedWhenTheChainIsBuilt() {
    MethodKey warmUp = MethodKey.of(CountingEmbedder.class, "warmUp", int.class, float[].class);
    assertThatThrownBy(() -> Chains.of(warmUp, CachedSpec.of(10, "", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.cachedOnVoid("warmUp(int, float[])"))
        .hasMessageContaining("@Cached cannot be used on void method 'warmUp(int, float[])'");
  }

  @Test
  void noGradWithInferenceModeIsRejected() {
    MethodKey key = MethodKey.of(CountingEmbedder.class, "version");
    assertThatThrownBy(() -> Chains.of(key, GradSpec.INFERENCE, GradSpec.NO_GRAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.gradConflict("version()"));
  }

  static class Invalid {
    @Cached
    void cachedVoid() {}

    @NoGrad
    @InferenceMode
    int bothGrads() {
      return 1;
    }

    @Retry(maxAttempts = 0)
    int noAttempts() {
      return 1;
    }
  }

  @Test
  void forMethodFailsOnEveryCallWithTheSameMessages() throws Exception {
    Method cachedVoid = Invalid.class.getDeclaredMethod("cachedVoid");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> Chains.forMethod(cachedVoid))
          .hasMessage(Messages.cachedOnVoid("cachedVoid()"));
    }
    assertThatThrownBy(() -> Chains.forMethod(Invalid.class.getDeclaredMethod("bothGrads")))
        .hasMessage(Messages.gradConflict("bothGrads()"));
    assertThatThrownBy(() -> Chains.forMethod(Invalid.class.getDeclaredMethod("noAttempts")))
        .hasMessage(Messages.retryMaxAttempts(0));
  }

  @Test
  void specsListEverySettingInToString() {
    assertThat(retry(4, "10ms", 2.0, "1s", 0.5).toString())
        .contains("maxAttempts=4", "delay=10ms", "multiplier=2.0", "maxDelay=1s", "jitter=0.5");
    assertThat(CachedSpec.of(7, "1m", "n").toString())
        .contains("maxSize=7", "expireAfterWrite=1m", "name=n");
  }
}
