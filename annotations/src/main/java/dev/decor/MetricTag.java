package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tags a {@link Timed @Timed} method's timer (and its Observation) with the value of this
 * parameter — decor's counterpart of Micrometer's {@code @MeterTag}, limited to bounded values so
 * a tag cannot flood the metrics backend with series.
 *
 * <pre>{@code
 * @Timed
 * public Label predict(@MetricTag("model") ModelKind kind, @MetricTag("warm") boolean warm, float[] x)
 *
 * @Timed
 * public Label classify(@MetricTag(value = "model", mapper = ModelNames.class) String modelId, ...)
 *
 * public final class ModelNames implements MetricTag.Mapper<String> {
 *   public String tag(String modelId) { return modelId.startsWith("resnet") ? "resnet" : "other"; }
 * }
 * }</pre>
 *
 * <p>Enums (tagged by {@code name()}) and booleans are tagged as they are; any other type needs a
 * {@link #mapper()}, which turns the argument into one of a few names. Arrays, collections and maps
 * are refused ({@code [decor/MetricTagCardinality]}), and so are other types without a mapper
 * ({@code [decor/MetricTagType]}): at compile time by the processor, at the first call when woven.
 * A null argument is tagged {@code "null"}. Each mapped tag keeps at most 64 distinct values per
 * method; later ones are recorded as {@code "other"}, with one warning.
 *
 * <p>The values are read without reflection: generated code passes the arguments, the woven
 * advice its bound arguments; the timer of each combination of values is found again in a
 * per-method cache, so a call allocates nothing for its tags.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface MetricTag {
  /** The tag's key, e.g. {@code "model"}: not {@code class}, {@code method}, {@code exception} or {@code outcome}. */
  String value();

  /**
   * Turns the argument into the tag's value: a class implementing {@link Mapper} with a public
   * no-argument constructor, created once per method. {@code Mapper.class} (the default) means
   * none: the parameter must then be an enum or a boolean.
   */
  @SuppressWarnings("rawtypes")
  Class<? extends Mapper> mapper() default Mapper.class;

  /**
   * Maps an argument to one of a few tag values (a model id to its family, a prompt to its
   * language). Called on every call of the method, on the caller's thread: keep it cheap, and
   * return constants (no string building) so the call allocates nothing. Must be thread-safe.
   *
   * @param <T> the parameter's type (or a supertype)
   */
  interface Mapper<T> {
    /** The tag value for {@code value} (never null for a bounded tag; null is tagged "null"). */
    String tag(T value);
  }
}
