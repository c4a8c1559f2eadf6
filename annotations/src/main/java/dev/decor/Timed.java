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
}
