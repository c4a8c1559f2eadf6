package dev.decor.timing;

import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.TimedSpec;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @Timed}: records each call's wall time into its engine's {@link TimingRegistry} and a
 * Micrometer timer (with the spec's percentiles, histogram and SLO buckets, and a tag per
 * {@code @MetricTag} parameter); with an ObservationRegistry, each call is an Observation too.
 *
 * <p>Invocation contract: proceeds exactly once. Calls that throw are timed too (tag
 * {@code exception} = the exception's simple class name); a returned {@link CompletionStage} is
 * timed until it completes. The success path allocates nothing: the {@code exception=none} timer
 * of each combination of tag values is resolved once per bound registry and found again by the
 * arguments' values (the enum constant, the Boolean, the mapper's name), never by reflection.
 * Without an ObservationRegistry the Observation code is one null check.
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class TimedDecorator {
  private static final Logger log = LoggerFactory.getLogger("dev.decor.Timed");
  static final String DEFAULT_METRIC = "method.timed";
  /** The name of a {@code @Timed} call's Observation. */
  public static final String OBSERVATION = "decor.timed";

  private final MethodKey key;
  private final String name;
  private final String metric;
  private final String className;
  private final String methodName;
  private final boolean logCalls;
  private final boolean async;
  private final double[] percentiles;
  private final boolean histogram;
  private final Duration[] slo;
  /** The {@code @MetricTag} parameters, or null for none. */
  private final MetricTags.TagDef[] tags;
  private final TimingRegistry timings;
  private final TimingRegistry.Recorder recorder;
  /** The engine's ObservationRegistry, or null: no Observations. */
  private final ObservationRegistry observations;
  /** No tags and no ObservationRegistry: {@link #around} takes its small path. */
  private final boolean plain;
  /** The meters of the bound registry; replaced when the registry changes. */
  private volatile Meters meters;

  /**
   * @throws IllegalArgumentException with a {@code [decor/MetricTag…]} message for a
   *     {@code @MetricTag} the processor would have refused (the woven mode's first call)
   */
  public TimedDecorator(TimingRegistry timings, MethodKey key, TimedSpec spec, ReturnKind kind) {
    this.timings = timings;
    this.key = key;
    this.name = key.defaultName();
    this.metric = spec.value().isEmpty() ? DEFAULT_METRIC : spec.value();
    this.className = key.className();
    this.methodName = key.methodName();
    this.logCalls = spec.log();
    this.async = kind == ReturnKind.ASYNC;
    this.percentiles = spec.percentileArray();
    this.histogram = spec.histogram();
    this.slo = spec.sloDurations();
    this.tags = MetricTags.resolve(key, spec.tags());
    this.recorder = timings.recorder(name);
    this.observations = timings.observations();
    this.plain = observations == null && tags == null;
  }

  public Object around(Next next, Object self, Object[] args, Invocation body) throws Throwable {
    if (!plain) {
      return observedOrTagged(next, self, args, body);
    }
    // The common case, kept as small as it was: the JIT inlines the chain into the caller only
    // while this stays small, and the caller's body lambda is allocated on every call otherwise.
    long start = timings.nanoTime();
    Object result;
    try {
      result = next.proceed(self, args, body);
    } catch (Throwable t) {
      failed(start, t);
      throw t;
    }
    return end(start, result);
  }

  /**
   * {@link #around} for a method with {@code @MetricTag}s (the timers of its arguments' values)
   * or on an engine with an ObservationRegistry (an Observation in scope around the rest of the
   * chain).
   */
  private Object observedOrTagged(Next next, Object self, Object[] args, Invocation body)
      throws Throwable {
    Meters m = meters(args);
    Observation o = observations == null ? null : observe(m);
    long start = timings.nanoTime();
    Object result;
    try (Observation.Scope scope = o == null ? null : o.openScope()) {
      result = next.proceed(self, args, body);
    } catch (Throwable t) {
      record(m, timings.nanoTime() - start, t);
      if (o != null) {
        stop(o, t);
      }
      throw t;
    }
    return end(m, start, result, o);
  }

  /**
   * The start of a call: what {@link #end} and {@link #failed} measure from. With an
   * ObservationRegistry, starts the call's Observation and puts it in scope on this thread,
   * where {@link #end} or {@link #failed}, called on the same thread, find it.
   */
  public long start() {
    if (observations != null) {
      observe(root()).openScope();
    }
    return timings.nanoTime();
  }

  /** Records a call that returned {@code result} (an async one when its stage completes). */
  public Object end(long start, Object result) {
    if (observations != null) {
      return endObserved(start, result);
    }
    if (async && result != null) {
      ((CompletionStage<?>) result).whenComplete(
          (v, t) -> record(root(), timings.nanoTime() - start, unwrap(t)));
    } else {
      record(root(), timings.nanoTime() - start, null);
    }
    return result;
  }

  /** Records a call that threw {@code failure}. */
  public void failed(long start, Throwable failure) {
    record(root(), timings.nanoTime() - start, failure);
    if (observations != null) {
      failedObserved(failure);
    }
  }

  /** {@link #end} with an ObservationRegistry: the Observation {@link #start} opened ends too. */
  private Object endObserved(long start, Object result) {
    return end(root(), start, result, closeScope());
  }

  /** {@link #failed} with an ObservationRegistry: the Observation {@link #start} opened fails. */
  private void failedObserved(Throwable failure) {
    Observation o = closeScope();
    if (o != null) {
      stop(o, failure);
    }
  }

  /** {@link #end} for the meters {@code m} of this call's tag values, and its Observation or null. */
  private Object end(Meters m, long start, Object result, Observation o) {
    if (async && result != null) {
      ((CompletionStage<?>) result).whenComplete((v, t) -> {
        Throwable failure = unwrap(t);
        record(m, timings.nanoTime() - start, failure);
        if (o != null) {
          stop(o, failure);
        }
      });
    } else {
      record(m, timings.nanoTime() - start, null);
      if (o != null) {
        stop(o, null);
      }
    }
    return result;
  }

  /** A started Observation of this call, with the method's and the tags' key values. */
  private Observation observe(Meters m) {
    return Observation.createNotStarted(OBSERVATION, () -> new TimedObservationContext(key),
            observations)
        .contextualName(name)
        .lowCardinalityKeyValues(m.keyValues)
        .start();
  }

  /**
   * Closes the scope {@link #start} opened on this thread and returns its Observation; null if
   * the scope in place is not this method's (the body left another one open).
   */
  private Observation closeScope() {
    Observation.Scope scope = observations.getCurrentObservationScope();
    if (scope == null || !(scope.getCurrentObservation().getContext()
        instanceof TimedObservationContext c) || c.key() != key) {
      return null;
    }
    scope.close();
    return scope.getCurrentObservation();
  }

  private static void stop(Observation o, Throwable failure) {
    o.lowCardinalityKeyValue("exception",
        failure == null ? "none" : failure.getClass().getSimpleName());
    o.lowCardinalityKeyValue("outcome", failure == null ? "success" : "error");
    if (failure != null) {
      o.error(failure);
    }
    o.stop();
  }

  /**
   * Records one call in the timers of {@code m} (a leaf: the method's own meters, or those of its
   * tag values). A call in flight while the registry is re-bound records into the one it started
   * with.
   */
  private void record(Meters m, long nanos, Throwable failure) {
    recorder.record(nanos);
    Timer timer = failure == null ? m.none : m.exception(failure.getClass().getSimpleName());
    timer.record(nanos, TimeUnit.NANOSECONDS);
    if (logCalls && log.isInfoEnabled()) {
      log.info("{} took {}", name, format(nanos));
    }
  }

  /** The meters of the bound registry, without tags: for an untagged method, its leaf. */
  private Meters root() {
    MeterRegistry registry = timings.registry();
    Meters m = meters;
    return m != null && m.registry == registry ? m : newRoot(registry);
  }

  private Meters newRoot(MeterRegistry registry) {
    Meters m = new Meters(registry, Tags.of("class", className, "method", methodName), 0);
    meters = m;
    return m;
  }

  /** The leaf meters of this call: those of its tag values, read from {@code args}. */
  private Meters meters(Object[] args) {
    Meters m = root();
    if (tags != null) {
      for (MetricTags.TagDef tag : tags) {
        m = m.child(tag, args == null ? null : args[tag.parameter]);
      }
    }
    return m;
  }

  /**
   * One level of the tag tree: at the leaf, the timers of one combination of tag values (the
   * method's only ones when it has no tags), by exception; above it, the next tag's values.
   */
  private final class Meters {
    final MeterRegistry registry;
    final Tags tags;
    final KeyValues keyValues;
    final int depth;
    /** At the leaf: the {@code exception=none} timer; else null. */
    final Timer none;
    final ConcurrentHashMap<Object, Object> children = new ConcurrentHashMap<>();

    Meters(MeterRegistry registry, Tags tags, int depth) {
      this.registry = registry;
      this.tags = tags;
      this.depth = depth;
      KeyValues kv = KeyValues.empty();
      for (io.micrometer.core.instrument.Tag t : tags) {
        kv = kv.and(t.getKey(), t.getValue());
      }
      this.keyValues = kv;
      boolean leaf = TimedDecorator.this.tags == null || depth == TimedDecorator.this.tags.length;
      this.none = leaf ? timer("none") : null;
    }

    Timer exception(String exception) {
      return (Timer) children.computeIfAbsent(exception, this::timer);
    }

    Meters child(MetricTags.TagDef tag, Object argument) {
      Object lookup = tag.lookupKey(argument);
      Object child = children.get(lookup);
      if (child == null) {
        if (tag.full(children.size(), name)) {
          lookup = MetricTags.OTHER;
        }
        String value = MetricTags.TagDef.value(lookup);
        child = children.computeIfAbsent(lookup,
            k -> new Meters(registry, tags.and(tag.key, value), depth + 1));
      }
      return (Meters) child;
    }

    private Timer timer(Object exception) {
      Timer.Builder builder = Timer.builder(metric)
          .description("Calls of @Timed methods (decor)")
          .tags(tags)
          .tag("exception", (String) exception);
      if (percentiles.length > 0) {
        builder.publishPercentiles(percentiles);
      }
      if (histogram) {
        builder.publishPercentileHistogram();
      }
      if (slo.length > 0) {
        builder.serviceLevelObjectives(slo);
      }
      return builder.register(registry);
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** {@code 850 ns}, {@code 12.3 us}, {@code 4.56 ms}, {@code 1.20 s}. */
  static String format(long nanos) {
    if (nanos < 1_000) {
      return nanos + " ns";
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", Duration.ofNanos(nanos).toMillis() / 1e3);
  }

  @Override
  public String toString() {
    return "Timed[name=" + name + ", metric=" + metric + ", log=" + logCalls + "]";
  }
}
