package dev.decor.timeout;

import dev.decor.DeadlineExceededException;
import dev.decor.internal.Durations;
import dev.decor.internal.Messages;
import dev.decor.kernel.Deadline;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.RareCounter;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.TimeoutSpec;
import io.micrometer.core.instrument.Counter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @Timeout}: ends a call at its deadline.
 *
 * <p>Invocation contract: proceeds exactly once. A synchronous call runs on the caller's thread
 * while its thread's reusable {@link Watch} is armed: if the engine's timer reaches the deadline
 * first it interrupts that thread, and the caller gets the timeout whatever the body then does — a
 * result returned late is discarded and counted ({@code decor.timeout.overruns}, one
 * {@code [decor/TimeoutOverrun]} warning per method). The interrupt is cleared before the timeout
 * is thrown, and a call that ends first is never interrupted. The call's deadline is pushed on the
 * thread's {@link Deadline} for the code it calls. A method returning a {@link CompletionStage}
 * gets a stage of decor's that fails at the deadline, the method's own stage being cancelled; its
 * synchronous part is bounded like a synchronous call.
 *
 * <p>The exception is {@link DeadlineExceededException}, or {@link TimeoutException} (same text)
 * for a synchronous method that declares it; the body's own exception, if it threw one after the
 * deadline, is attached as suppressed. The success path allocates nothing once the thread has its
 * watch.
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class TimeoutDecorator {
  private static final Logger log = LoggerFactory.getLogger("dev.decor.Timeout");

  private final TimeoutRegistry timeouts;
  private final Watchdog watchdog;
  private final String name;
  private final String limit;
  private final Duration duration;
  private final long nanos;
  private final boolean async;
  /** A synchronous method declaring {@link TimeoutException}: it gets that type. */
  private final boolean declaresTimeoutException;
  private final AtomicBoolean warned = new AtomicBoolean();
  /** {@code decor.timeout.timeouts} and {@code .overruns}, registered on their first count. */
  private final RareCounter timeoutCounter;
  private final RareCounter overrunCounter;

  public TimeoutDecorator(TimeoutRegistry timeouts, MethodKey key, TimeoutSpec spec,
      ReturnKind kind) {
    this.timeouts = timeouts;
    this.watchdog = timeouts.watchdog();
    this.name = key.defaultName();
    this.limit = spec.value();
    this.duration = spec.duration();
    this.nanos = Durations.saturatedNanos(duration);
    this.async = kind == ReturnKind.ASYNC;
    this.declaresTimeoutException = !async && declares(key.method(), TimeoutException.class);
    this.timeoutCounter = new RareCounter(timeouts::meterRegistry,
        r -> Counter.builder("decor.timeout.timeouts").tag("name", name)
            .description("calls of @Timeout methods that reached their deadline")
            .register(r));
    this.overrunCounter = new RareCounter(timeouts::meterRegistry,
        r -> Counter.builder("decor.timeout.overruns").tag("name", name)
            .description("bodies of @Timeout methods that returned after their deadline, discarded")
            .register(r));
  }

  public Object around(Next next, Object self, Object[] args, Invocation body) throws Throwable {
    if (async) {
      return aroundAsync(next, self, args, body);
    }
    // Kept small, the rest out of line: inlined into the caller, the body's closure and its boxed
    // result never escape, so a call in time allocates nothing.
    Watch watch = enter();
    Object result;
    try {
      result = next.proceed(self, args, body);
    } catch (Throwable failure) {
      throw watch.leave() ? timedOut(failure) : failure;
    }
    if (watch.leave()) {
      throw lateResult(watch);
    }
    return result;
  }

  /**
   * The front ends' hooks ({@code Chain.timeoutStart}) for a synchronous method whose only
   * decorator this is: starts the call, as {@link #around} does, and returns its token (the
   * thread's reusable watch, which knows this decorator) for {@link #failed} or {@link #end}:
   * static, so a call's end looks nothing up, and the call ends on the decorator that started it
   * even if the global engine changed meanwhile.
   */
  public Object start() {
    Watch watch = enter();
    watch.owner = this;
    return watch;
  }

  /**
   * The call started by {@link #start} threw {@code failure}: throws the timeout (with
   * {@code failure} suppressed) if the deadline passed; else returns, and the caller rethrows
   * {@code failure}.
   */
  public static void failed(Object token, Throwable failure) throws Throwable {
    Watch watch = (Watch) token;
    if (watch.leave()) {
      throw watch.owner.timedOut(failure);
    }
  }

  /** The call started by {@link #start} returned: throws the timeout if it returned late. */
  public static void end(Object token) throws Throwable {
    Watch watch = (Watch) token;
    if (watch.leave()) {
      throw watch.owner.lateResult(watch);
    }
  }

  /** Pushes the call's deadline on the thread's {@link Deadline} and arms its watch for it. */
  private Watch enter() {
    Deadline frames = Deadline.current();
    long deadline = saturatedAdd(timeouts.nanoTime(), nanos);
    int level = frames.push(deadline);
    Watch watch = watchAt(frames, level);
    watch.arm(deadline);
    return watch;
  }

  /** The body returned after the deadline: the result is discarded, the overrun counted. */
  private Throwable lateResult(Watch watch) {
    overran(watch.deadline());
    return timedOut(null);
  }

  /**
   * A method returning a stage: its synchronous part is bounded like a synchronous call, then its
   * stage is watched until the same deadline. A failure there is a failed stage, as the method's
   * own would be.
   */
  private Object aroundAsync(Next next, Object self, Object[] args, Invocation body)
      throws Throwable {
    Watch watch = enter();
    long deadline = watch.deadline();
    Object result;
    try {
      result = next.proceed(self, args, body);
    } catch (Throwable failure) {
      if (watch.leave()) {
        return CompletableFuture.failedFuture(timedOut(failure));
      }
      throw failure;
    }
    if (watch.leave()) {
      if (result != null) {
        StageWatch.cancel((CompletionStage<?>) result);
      } else {
        overran(deadline);
      }
      return CompletableFuture.failedFuture(timedOut(null));
    }
    return result == null ? null : watchStage((CompletionStage<?>) result, deadline);
  }

  /** The caller's stage for the method's {@code stage}, failing at {@code deadline}. */
  private Object watchStage(CompletionStage<?> stage, long deadline) {
    StageWatch watch = new StageWatch(this, stage, deadline, timeouts.executor());
    if (deadline <= timeouts.nanoTime()) {
      watch.timeOutNow();
    } else {
      watchdog.add(watch, deadline);
    }
    stage.whenComplete(watch);
    return watch.result;
  }

  /** This thread's watch for {@code level}, made on its first call there. */
  private Watch watchAt(Deadline frames, int level) {
    Object kept = frames.slot(level);
    return kept instanceof Watch w && w.watchdog == watchdog ? w : newWatch(frames, level);
  }

  /**
   * A thread's first call at {@code level} on this engine: out of line, so the hooks inlined into
   * every caller stay small (woven advice must stay small enough to inline, or it allocates).
   */
  private Watch newWatch(Deadline frames, int level) {
    Watch w = new Watch(watchdog, Thread.currentThread(), frames, level);
    frames.slot(level, w);
    return w;
  }

  Watchdog watchdog() {
    return watchdog;
  }

  /** Counts a timeout and makes the exception for it; {@code failure} is the body's, if any. */
  Throwable timedOut(Throwable failure) {
    timeoutCounter.increment();
    String message = Messages.timeout(name, limit);
    Throwable timeout = declaresTimeoutException
        ? new TimeoutException(message)
        : new DeadlineExceededException(message, name, duration);
    if (failure != null) {
      timeout.addSuppressed(failure);
    }
    return timeout;
  }

  /** A body (or stage) that ignored the interrupt finished after {@code deadline}. */
  void overran(long deadline) {
    overrunCounter.increment();
    if (warned.compareAndSet(false, true)) {
      log.warn(Messages.timeoutOverrun(name, limit,
          format(Math.max(0, timeouts.nanoTime() - deadline))));
    }
  }

  private static boolean declares(Method method, Class<?> exception) {
    if (method == null) {
      return false;
    }
    for (Class<?> declared : method.getExceptionTypes()) {
      if (declared == exception) {
        return true;
      }
    }
    return false;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static String format(long nanos) {
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  @Override
  public String toString() {
    return "Timeout[" + limit + "]";
  }
}
