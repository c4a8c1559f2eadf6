package dev.decor.engine.internal;

import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.retry.Retries;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Method names, annotation reading and the chain's own surface. */
class ChainsTest {
  static class Ranker {
    @Timed
    float score(float[] x, int k) {
      return 0;
    }

    @Timed
    float score(String text) {
      return 0;
    }

    float score() {
      return 0;
    }

    @Cached
    String single(String s) {
      return s;
    }

    String single(int n) {
      return "";
    }

    @NoGrad
    void varargs(String... parts) {}

    @InferenceMode
    void varargs(int[][] grid) {}

    @Timed(value = "ranker.rank", log = true)
    @Cached(maxSize = 5, expireAfterWrite = "1m", name = "ranks")
    @Retry(maxAttempts = 4, delay = "10ms", multiplier = 2.0, maxDelay = "1s", jitter = 0.1,
        retryOn = IOException.class, ignore = java.io.FileNotFoundException.class)
    @NoGrad
    String rank(String query) {
      return query;
    }
  }

  @Test
  void theDefaultNameIsSimpleClassDotMethod() {
    assertThat(MethodKey.of(Ranker.class, "single", String.class).defaultName())
        .isEqualTo("Ranker.single");
    assertThat(MethodKey.of(Ranker.class, "rank", String.class).defaultName())
        .isEqualTo("Ranker.rank");
  }

  @Test
  void annotatedOverloadsGetTheirErasedSimpleParameterTypes() {
    assertThat(MethodKey.of(Ranker.class, "score", float[].class, int.class).defaultName())
        .isEqualTo("Ranker.score(float[],int)");
    assertThat(MethodKey.of(Ranker.class, "score", String.class).defaultName())
        .isEqualTo("Ranker.score(String)");
    assertThat(MethodKey.of(Ranker.class, "varargs", String[].class).defaultName())
        .isEqualTo("Ranker.varargs(String[])");
    assertThat(MethodKey.of(Ranker.class, "varargs", int[][].class).defaultName())
        .isEqualTo("Ranker.varargs(int[][])");
  }

  @Test
  void aMethodMustBeDeclaredByTheGivenClass() {
    assertThatThrownBy(() -> MethodKey.of(Ranker.class, "toString"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No method toString");
  }

  @Test
  @SuppressWarnings("unchecked")
  void specsOfReadsEveryAnnotationValue() throws Exception {
    Method rank = Ranker.class.getDeclaredMethod("rank", String.class);
    assertThat(Chains.specsOf(rank)).containsExactly(
        TimedSpec.of("ranker.rank", true),
        CachedSpec.of(5, "1m", "ranks"),
        RetrySpec.of(4, "10ms", 2.0, "1s", 0.1, new Class[] {IOException.class},
            java.io.FileNotFoundException.class),
        GradSpec.NO_GRAD);
    assertThat(Chains.specsOf(Ranker.class.getDeclaredMethod("varargs", int[][].class)))
        .containsExactly(GradSpec.INFERENCE);
    assertThat(Chains.specsOf(Ranker.class.getDeclaredMethod("score"))).isEmpty();
  }

  @Test
  void forMethodBuildsTheChainOfAMethodsAnnotations() throws Throwable {
    Method rank = Ranker.class.getDeclaredMethod("rank", String.class);
    Chain chain = Chains.forMethod(rank);
    // The woven mode keeps one chain per join point; a second build shares the method's retry.
    assertThat(Chains.forMethod(rank).key()).isEqualTo(chain.key());
    assertThat(chain.needsArguments()).isTrue();
    assertThat(chain.key()).isEqualTo(MethodKey.of(rank));
    assertThat(chain.toString()).contains("Ranker.rank", "ranker.rank", "ranks", "maxAttempts=4",
        "NoGrad");
    assertThat(Retries.get("Ranker.rank")).get()
        .extracting(r -> r.getRetryConfig().getMaxAttempts()).isEqualTo(4);
    Ranker ranker = new Ranker();
    assertThat(chain.invoke(ranker, new Object[] {"q"}, () -> ranker.rank("q"))).isEqualTo("q");
  }

  @Test
  void aChainWithoutCacheNeedsNoArguments() throws Throwable {
    Chain chain = Chains.of(MethodKey.of(Ranker.class, "score", String.class),
        TimedSpec.of("", false), GradSpec.NO_GRAD);
    assertThat(chain.needsArguments()).isFalse();
    assertThat(chain.invoke(null, () -> 1.5f)).isEqualTo(1.5f);
  }

  @Test
  void anEmptyChainCallsTheMethodAndRethrowsAsIs() {
    Chain chain = Chains.of(MethodKey.of(Ranker.class, "score"));
    TimeoutException checked = new TimeoutException();
    assertThatThrownBy(() -> chain.invoke(null, () -> {
      throw checked;
    })).isSameAs(checked);
  }

  @Test
  void twoSpecsOfOneFamilyAreRejected() {
    MethodKey key = MethodKey.of(Ranker.class, "score");
    assertThatThrownBy(() -> Chains.of(key, TimedSpec.of("", false), TimedSpec.of("x", false)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnknownRetryIsEmpty() {
    assertThat(Retries.get("Nobody.retries")).isEmpty();
  }
}
