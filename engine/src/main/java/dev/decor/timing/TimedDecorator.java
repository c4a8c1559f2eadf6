package dev.decor.timing;

import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @Timed}: records each call's wall time into its engine's {@link TimingRegistry} and a Micrometer timer.
 *
 * <p>Invocation contract: proceeds exactly once. Calls that throw are timed too (tag
 * {@code exception} = the exception's simple class name); a returned {@link CompletionStage} is
 * timed until it completes. The success path allocates nothing: the {@code exception=none} timer
 * is resolved once per bound registry.
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class TimedDecorator {
  private static final Logger log = LoggerFactory.getLogger("dev.decor.Timed");
  static final String DEFAULT_METRIC = "method.timed";

  private final String name;
  private final String metric;
  private final String className;
  private final String methodName;
  private final boolean logCalls;
  private final boolean async;
  private final TimingRegistry timings;
  private final TimingRegistry.Recorder recorder;
  /** Timers of the bound registry, by exception tag; replaced when the registry changes. */
  private volatile Timers timers;

  private record Timers(MeterRegistry registry, Timer none, ConcurrentHashMap<String, Timer> byException) {}

  public TimedDecorator(TimingRegistry timings, MethodKey key, TimedSpec spec, ReturnKind kind) {
    this.timings = timings;
    this.name = key.defaultName();
    this.metric = spec.value().isEmpty() ? DEFAULT_METRIC : spec.value();
    this.className = key.className();
    this.methodName = key.methodName();
    this.logCalls = spec.log();
    this.async = kind == ReturnKind.ASYNC;
    this.recorder = timings.recorder(name);
  }

  public Object around(Next next, Object self, Object[] args, Invocation body) throws Throwable {
    long start = start();
    Object result;
    try {
      result = next.proceed(self, args, body);
    } catch (Throwable t) {
      failed(start, t);
      throw t;
    }
    return end(start, result);
  }

  /** The start of a call: what {@link #end} and {@link #failed} measure from. */
  public long start() {
    return timings.nanoTime();
  }

  /** Records a call that returned {@code result} (an async one when its stage completes). */
  public Object end(long start, Object result) {
    if (async && result != null) {
      ((CompletionStage<?>) result).whenComplete((v, t) -> record(timings.nanoTime() - start, unwrap(t)));
    } else {
      record(timings.nanoTime() - start, null);
    }
    return result;
  }

  /** Records a call that threw {@code failure}. */
  public void failed(long start, Throwable failure) {
    record(timings.nanoTime() - start, failure);
  }

  private void record(long nanos, Throwable failure) {
    recorder.record(nanos);
    Timers t = timersFor(timings.registry());
    Timer timer = failure == null ? t.none : exceptionTimer(t, failure.getClass().getSimpleName());
    timer.record(nanos, TimeUnit.NANOSECONDS);
    if (logCalls && log.isInfoEnabled()) {
      log.info("{} took {}", name, format(nanos));
    }
  }

  private Timers timersFor(MeterRegistry registry) {
    Timers t = timers;
    if (t == null || t.registry != registry) {
      t = new Timers(registry, timer(registry, "none"), new ConcurrentHashMap<>());
      timers = t;
    }
    return t;
  }

  private Timer exceptionTimer(Timers t, String exception) {
    return t.byException.computeIfAbsent(exception, e -> timer(t.registry, e));
  }

  private Timer timer(MeterRegistry registry, String exception) {
    return Timer.builder(metric)
        .description("Calls of @Timed methods (decor)")
        .tags("class", className, "method", methodName, "exception", exception)
        .register(registry);
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
