package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Times every call of the annotated method — decor's {@code @timer}.
 *
 * <p>Each call's wall time ({@link System#nanoTime()}) is recorded, also when the call throws,
 * into {@link dev.decor.timing.Timings} under the method's decor name and into Micrometer as a
 * timer named {@link #value()} (or {@code method.timed}, Micrometer's own default) with tags
 * {@code class}, {@code method} and {@code exception}. A method returning a
 * {@link java.util.concurrent.CompletionStage} is timed until the stage completes.
 *
 * <pre>{@code
 * @Timed(log = true)
 * public float[] embed(String text) { ... }   // logs "Embedder.embed took 3.2 ms"
 * }</pre>
 *
 * <p>Distribution: {@link #percentiles()}, {@link #histogram()} and {@link #slo()} are
 * Micrometer's {@code Timer.Builder} options ({@code publishPercentiles},
 * {@code publishPercentileHistogram}, {@code serviceLevelObjectives}):
 *
 * <pre>{@code
 * @Timed(percentiles = {0.5, 0.99}, histogram = true, slo = {"50ms", "200ms"})
 * public Label predict(@MetricTag("model") ModelKind kind, float[] image) { ... }
 * }</pre>
 *
 * <p>Parameters annotated {@link MetricTag} add a tag each (bounded values only). With an
 * {@code ObservationRegistry} given to the engine ({@code Decor.builder().observationRegistry(…)})
 * each call is also a Micrometer {@code Observation} (a span, with micrometer-tracing), named
 * {@code decor.timed}, with the low-cardinality key values {@code class}, {@code method},
 * {@code exception}, {@code outcome} and the tags.
 *
 * <p>Invocation contract: the method proceeds exactly once per call.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Timed {
  /** Micrometer timer name; empty means {@code method.timed}. */
  String value() default "";

  /**
   * Also log one INFO line per call through SLF4J: {@code <name> took <duration>}. Needs an
   * SLF4J 2 provider on the class path (e.g. {@code slf4j-simple} or Logback); without one SLF4J
   * drops the lines and says so once.
   */
  boolean log() default false;

  /**
   * Percentiles computed in the process and published as gauges ({@code Timer.Builder
   * .publishPercentiles}), each a quantile in [0, 1], e.g. {@code {0.5, 0.99}}. They cannot be
   * aggregated across instances; for that, use {@link #histogram()}.
   */
  double[] percentiles() default {};

  /**
   * Publish a percentile histogram ({@code Timer.Builder.publishPercentileHistogram}), from which
   * a backend such as Prometheus computes percentiles across instances
   * ({@code histogram_quantile}).
   */
  boolean histogram() default false;

  /**
   * Service-level objectives: histogram buckets at these durations ({@code Timer.Builder
   * .serviceLevelObjectives}), e.g. {@code {"50ms", "200ms"}}, each positive.
   */
  String[] slo() default {};
}
