package dev.decor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The annotations' shape and defaults, exactly as SPEC names them. */
class AnnotationsTest {
  private static final List<Class<? extends java.lang.annotation.Annotation>> ALL =
      List.of(Timed.class, Retry.class, Cached.class, NoGrad.class, InferenceMode.class,
          CircuitBreaker.class, Fallback.class);

  @Test
  void everyAnnotationIsRuntimeRetainedAndTargetsMethods() {
    for (Class<?> a : ALL) {
      assertThat(a.getAnnotation(Retention.class).value()).as(a.getSimpleName())
          .isEqualTo(RetentionPolicy.RUNTIME);
      assertThat(a.getAnnotation(Target.class).value()).as(a.getSimpleName())
          .containsExactly(ElementType.METHOD);
      assertThat(a.getPackageName()).isEqualTo("dev.decor");
    }
  }

  @Test
  void metricTagTargetsParametersOnly() {
    assertThat(MetricTag.class.getAnnotation(Retention.class).value())
        .isEqualTo(RetentionPolicy.RUNTIME);
    assertThat(MetricTag.class.getAnnotation(Target.class).value())
        .containsExactly(ElementType.PARAMETER);
  }

  private static Object defaultOf(Class<?> annotation, String attribute) throws Exception {
    Method m = annotation.getDeclaredMethod(attribute);
    return m.getDefaultValue();
  }

  @Test
  void defaultsAreTheDocumentedOnes() throws Exception {
    assertThat(defaultOf(Timed.class, "value")).isEqualTo("");
    assertThat(defaultOf(Timed.class, "log")).isEqualTo(false);
    assertThat((double[]) defaultOf(Timed.class, "percentiles")).isEmpty();
    assertThat(defaultOf(Timed.class, "histogram")).isEqualTo(false);
    assertThat((String[]) defaultOf(Timed.class, "slo")).isEmpty();
    assertThat(defaultOf(MetricTag.class, "mapper")).isEqualTo(MetricTag.Mapper.class);

    assertThat(defaultOf(Retry.class, "maxAttempts")).isEqualTo(3);
    assertThat(defaultOf(Retry.class, "delay")).isEqualTo("0ms");
    assertThat(defaultOf(Retry.class, "multiplier")).isEqualTo(1.0);
    assertThat(defaultOf(Retry.class, "maxDelay")).isEqualTo("");
    assertThat(defaultOf(Retry.class, "jitter")).isEqualTo(0.0);
    assertThat((Class<?>[]) defaultOf(Retry.class, "retryOn")).containsExactly(Exception.class);
    assertThat((Class<?>[]) defaultOf(Retry.class, "ignore")).isEmpty();

    assertThat(defaultOf(Cached.class, "maxSize")).isEqualTo(128);
    assertThat(defaultOf(Cached.class, "expireAfterWrite")).isEqualTo("");
    assertThat(defaultOf(Cached.class, "name")).isEqualTo("");

    assertThat(defaultOf(CircuitBreaker.class, "failureRate")).isEqualTo(50);
    assertThat(defaultOf(CircuitBreaker.class, "window")).isEqualTo(20);
    assertThat(defaultOf(CircuitBreaker.class, "openFor")).isEqualTo("5s");
    assertThat(defaultOf(CircuitBreaker.class, "halfOpenCalls")).isEqualTo(3);
    assertThat(defaultOf(CircuitBreaker.class, "slowCall")).isEqualTo("");
    assertThat(defaultOf(CircuitBreaker.class, "slowCallRate")).isEqualTo(100);
    assertThat((Class<?>[]) defaultOf(CircuitBreaker.class, "recordOn"))
        .containsExactly(Exception.class);
    assertThat((Class<?>[]) defaultOf(CircuitBreaker.class, "ignore")).isEmpty();
    assertThat(defaultOf(CircuitBreaker.class, "name")).isEqualTo("");

    assertThat(defaultOf(Fallback.class, "method")).as("required").isNull();
    assertThat((Class<?>[]) defaultOf(Fallback.class, "on")).containsExactly(Exception.class);
    assertThat((Class<?>[]) defaultOf(Fallback.class, "ignore")).isEmpty();

    assertThat(NoGrad.class.getDeclaredMethods()).isEmpty();
    assertThat(InferenceMode.class.getDeclaredMethods()).isEmpty();
  }
}
