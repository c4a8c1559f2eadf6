package dev.decor.internal.describe;

import dev.decor.internal.Messages;
import dev.decor.internal.TypeRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Batched;
import dev.decor.Cached;
import dev.decor.CircuitBreaker;
import dev.decor.Fallback;
import dev.decor.ConcurrencyLimit;
import dev.decor.InferenceMode;
import dev.decor.MetricTag;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.Timeout;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.FallbackSpec;
import dev.decor.spec.ConcurrencyLimitSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.Order;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.Spec;
import dev.decor.spec.TimedSpec;
import dev.decor.spec.TimeoutSpec;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The descriptions are complete and agree with the annotations, so an attribute cannot be added
 * to an annotation without its description line, builder setter and default.
 */
class DescriptionTest {
  @Timed @Cached @Retry @ConcurrencyLimit(1) @NoGrad @InferenceMode @CircuitBreaker
  @Fallback(method = "f")
  void defaults() {}

  @CircuitBreaker(failureRate = 25, window = 4, openFor = "1s", halfOpenCalls = 2,
      slowCall = "2s", slowCallRate = 50, recordOn = IOException.class,
      ignore = java.io.FileNotFoundException.class, name = "store")
  @Fallback(method = "g", on = IOException.class, ignore = java.io.FileNotFoundException.class)
  void resilient() {}

  /** Retries on an empty result. */
  static final class Empty implements Predicate<String> {
    @Override
    public boolean test(String s) {
      return s.isEmpty();
    }
  }

  @Timed(value = "t", log = true, percentiles = {0.5, 0.99}, histogram = true,
      slo = {"50ms", "200ms"})
  @Cached(maxSize = 5, expireAfterWrite = "1m", name = "n")
  @Retry(maxAttempts = 4, delay = "1ms", multiplier = 2, maxDelay = "5ms", jitter = 0.5,
      retryOn = IOException.class, ignore = java.io.FileNotFoundException.class,
      retryIf = Empty.class, maxDuration = "2s", log = true)
  @Timeout("250ms")
  @ConcurrencyLimit(value = 2, maxWait = "20ms", group = "gpu")
  void everything() {}

  @Batched(method = "all", maxSize = 8, maxWait = "2ms", maxConcurrency = 2, queueCapacity = 64,
      eager = true, percentiles = 0.9, histogram = true, slo = "1ms")
  String batched(String s) {
    return s;
  }

  @Retry(retryOn = {IOException.class, OutOfMemoryError.class})
  void retriesAnError() {}

  private static Method method(String name, Class<?>... parameters)
      throws NoSuchMethodException {
    return DescriptionTest.class.getDeclaredMethod(name, parameters);
  }

  @Test
  void rebuildingATimedSpecKeepsItsMetricTagParameters() {
    TimedSpec tagged = TimedSpec.builder().tag(0, "model", MetricTag.Mapper.class).build();
    TimedSpec rebuilt = (TimedSpec) Description.forName(Timed.class.getName())
        .rebuild(tagged, Map.of("log", true));
    assertThat(rebuilt.log()).isTrue();
    assertThat(rebuilt.tags()).isEqualTo(tagged.tags()).isNotEmpty();
  }

  @Test
  void everyDecorAnnotationIsDescribedOnceInPipelineOrder() {
    assertThat(Description.all()).<Object>extracting(Description::annotationType)
        .containsExactly(Timed.class, Fallback.class, Cached.class, Batched.class, Retry.class,
            CircuitBreaker.class, Timeout.class, ConcurrencyLimit.class, NoGrad.class,
            InferenceMode.class);
    assertThat(Description.all().stream().map(Description::order).collect(Collectors.toList()))
        .isSorted();
    assertThat(Description.forName("dev.decor.Retry")).isSameAs(Descriptions.RETRY);
    assertThat(Description.forName("java.lang.Override")).isNull();
  }

  @Test
  void everyAttributeIsDescribedAndIsABuilderSetter() {
    for (Description<?, ?> d : Description.all()) {
      List<String> declared = Arrays.stream(d.annotationType().getDeclaredMethods())
          .map(Method::getName).sorted().collect(Collectors.toList());
      List<String> described = d.attributes().stream()
          .map(Attribute::name).sorted().collect(Collectors.toList());
      assertThat(described).as(d.toString()).isEqualTo(declared);
      if (d.constant() == null) {
        Class<?> builder = Arrays.stream(d.specType().getClasses())
            .filter(c -> c.getSimpleName().equals("Builder")).findFirst().orElseThrow();
        for (String name : described) {
          assertThat(Arrays.stream(builder.getMethods())
                  .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1)
                  .filter(m -> Modifier.isPublic(m.getModifiers())))
              .as(d + " builder setter " + name).hasSize(1);
        }
      }
    }
  }

  @Test
  void theBuildersDefaultsAreTheAnnotationsDefaults() throws Exception {
    Method defaults = method("defaults");
    assertThat(read(Descriptions.TIMED, defaults)).isEqualTo(TimedSpec.builder().build());
    assertThat(read(Descriptions.CACHED, defaults)).isEqualTo(CachedSpec.builder().build());
    assertThat(read(Descriptions.RETRY, defaults)).isEqualTo(RetrySpec.builder().build());
    assertThat(read(Descriptions.CONCURRENCY_LIMIT, defaults))
        .isEqualTo(ConcurrencyLimitSpec.builder().value(1).build());
    assertThat(read(Descriptions.NO_GRAD, defaults)).isEqualTo(GradSpec.NO_GRAD);
    assertThat(read(Descriptions.INFERENCE, defaults)).isEqualTo(GradSpec.INFERENCE);
    assertThat(read(Descriptions.CIRCUIT_BREAKER, defaults))
        .isEqualTo(CircuitBreakerSpec.builder().build());
    assertThat(read(Descriptions.FALLBACK, defaults))
        .isEqualTo(FallbackSpec.builder().method("f").build());
  }

  @Test
  void readingCopiesEveryAttribute() throws Exception {
    Method m = method("everything");
    assertThat(read(Descriptions.TIMED, m)).isEqualTo(new TimedSpec("t", true,
        List.of(0.5, 0.99), true, List.of("50ms", "200ms"), List.of()));
    assertThat(read(Descriptions.BATCHED, method("batched", String.class))).isEqualTo(
        new BatchedSpec("all", 8, "2ms", 2, 64, true, List.of(0.9), true, List.of("1ms"), "",
            "", 0, "", false));
    assertThat(read(Descriptions.CACHED, m)).isEqualTo(new CachedSpec(5, "1m", "n"));
    assertThat(read(Descriptions.RETRY, m)).isEqualTo(new RetrySpec(4, "1ms", 2.0, "5ms", 0.5,
        List.of(IOException.class), List.of(java.io.FileNotFoundException.class), Empty.class,
        "2s", true));
    assertThat(read(Descriptions.TIMEOUT, m)).isEqualTo(TimeoutSpec.of("250ms"));
    assertThat(read(Descriptions.CONCURRENCY_LIMIT, m))
        .isEqualTo(new ConcurrencyLimitSpec(2, "20ms", "gpu"));
    Method resilient = method("resilient");
    assertThat(read(Descriptions.CIRCUIT_BREAKER, resilient)).isEqualTo(new CircuitBreakerSpec(
        25, 4, "1s", 2, "2s", 50, List.of(IOException.class),
        List.of(java.io.FileNotFoundException.class), "store"));
    assertThat(read(Descriptions.FALLBACK, resilient)).isEqualTo(new FallbackSpec("g",
        List.of(IOException.class), List.of(java.io.FileNotFoundException.class)));
  }

  @Test
  void readingValidatesWithTheProcessorsMessage() throws Exception {
    assertThatThrownBy(() -> read(Descriptions.RETRY, method("retriesAnError")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.retryOnError("java.lang.OutOfMemoryError"));
  }

  @Test
  void theAttributeRulesAreTheSpecsChecks() {
    Attribute<?, ?> maxAttempts = Descriptions.RETRY.attributes().get(0);
    assertThat(maxAttempts.check(0)).isEqualTo(Messages.retryMaxAttempts(0));
    assertThat(maxAttempts.check(1)).isNull();
    Attribute<?, ?> ttl = Descriptions.CACHED.attributes().get(1);
    assertThat(ttl.check("")).isNull();
    assertThat(ttl.check("soon")).isEqualTo(
        Messages.badDuration("@Cached(expireAfterWrite)", "soon"));
    Attribute<?, ?> retryOn = Descriptions.RETRY.attributes().get(5);
    assertThat(retryOn.checkElement(TypeRef.of(AssertionError.class)))
        .isEqualTo(Messages.retryOnError("java.lang.AssertionError"));
    assertThat(retryOn.checkElement(TypeRef.of(Throwable.class))).isNull();
    Attribute<?, ?> ignore = Descriptions.RETRY.attributes().get(6);
    assertThat(ignore.disjointFrom()).isEqualTo("retryOn");
    assertThat(ignore.disjointError("a.B")).isEqualTo(Messages.retryOnAndIgnore("a.B"));
    Attribute<?, ?> maxDuration = Descriptions.RETRY.attributes().get(8);
    assertThat(maxDuration.check("")).isNull();
    assertThat(maxDuration.check("0ms")).isEqualTo(Messages.retryMaxDuration("0ms"));
    Attribute<?, ?> timeout = Descriptions.TIMEOUT.attributes().get(0);
    assertThat(timeout.check("0s")).isEqualTo(Messages.timeoutValue("0s"));
    assertThat(timeout.check("1s")).isNull();
    Attribute<?, ?> limit = Descriptions.CONCURRENCY_LIMIT.attributes().get(0);
    assertThat(limit.check(0)).isEqualTo(Messages.concurrencyLimitValue(0));
    Attribute<?, ?> percentiles = Descriptions.TIMED.attributes().get(2);
    assertThat(percentiles.check(new double[] {0.5, 99.0}))
        .isEqualTo(Messages.percentile("@Timed", 99.0));
    assertThat(percentiles.check(new double[] {0.0, 1.0})).isNull();
    Attribute<?, ?> slo = Descriptions.TIMED.attributes().get(4);
    assertThat(slo.check(new String[] {"50ms", "0ms"}))
        .isEqualTo(Messages.sloNotPositive("@Timed", "0ms"));
    assertThat(slo.check(new String[] {"soon"}))
        .isEqualTo(Messages.badDuration("@Timed(slo)", "soon"));
    Attribute<?, ?> batchSlo = Descriptions.BATCHED.attributes().get(8);
    assertThat(batchSlo.check(new String[] {"0s"}))
        .isEqualTo(Messages.sloNotPositive("@Batched", "0s"));
  }

  private static Spec read(Description<?, ?> d, Method m) {
    Annotation a = m.getAnnotation(d.annotationType());
    return d.read(a);
  }
}
