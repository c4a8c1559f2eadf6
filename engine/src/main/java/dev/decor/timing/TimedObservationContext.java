package dev.decor.timing;

import dev.decor.kernel.CallContext;
import dev.decor.kernel.MethodKey;

/**
 * The context of a {@link dev.decor.Timed @Timed} call's Micrometer Observation (named
 * {@code decor.timed}, contextual name the decor name, e.g. {@code "Classifier.predict"}), for an
 * {@code ObservationFilter}, {@code ObservationPredicate} or handler of your own that wants to
 * know which method ran:
 *
 * <pre>{@code
 * registry.observationConfig().observationFilter(context ->
 *     context instanceof TimedObservationContext t && t.methodName().equals("predict")
 *         ? context.addHighCardinalityKeyValue(KeyValue.of("host", hostName)) : context);
 * }</pre>
 *
 * <p>decor sets only low-cardinality key values — {@code class}, {@code method},
 * {@code exception}, {@code outcome}, the {@link dev.decor.MetricTag @MetricTag}s, and
 * {@code decor.cache} ({@code hit}/{@code miss}) on a {@code @Cached} method — and adds no
 * high-cardinality ones: ask for those with a filter as above. One per call; not thread-safe, as
 * every Observation context.
 */
public final class TimedObservationContext extends CallContext {
  TimedObservationContext(MethodKey key) {
    super(key);
  }

  /** The method's decor name, {@code SimpleClassName.method}. */
  public String decorName() {
    return key().defaultName();
  }

  /** The fully-qualified name of the method's class (the {@code class} key value). */
  public String className() {
    return key().className();
  }

  /** The method's name (the {@code method} key value). */
  public String methodName() {
    return key().methodName();
  }
}
