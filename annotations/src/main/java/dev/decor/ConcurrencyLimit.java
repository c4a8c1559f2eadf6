package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * At most {@link #value()} executions at once — Spring 7's {@code @ConcurrencyLimit},
 * MicroProfile's {@code @Bulkhead}; in Python, a {@code threading.BoundedSemaphore} held around
 * the call. Admission control for work that must not pile up: a model's forward pass, whose
 * concurrent calls share one GPU's memory.
 *
 * <p>A caller that finds every permit taken waits at most {@link #maxWait()}, first come first
 * served (a fair semaphore: virtual threads park without pinning their carrier), then gets
 * {@link java.util.concurrent.RejectedExecutionException} with {@code [decor/ConcurrencyLimit]};
 * the method does not run. An interrupt while waiting ends the wait the same way, with the
 * interrupt flag left set. Methods naming the same {@link #group()} share one limit (one GPU,
 * several entry points); they must give it the same {@code value}
 * ({@code [decor/ConcurrencyLimitGroup]}). Meters: {@code decor.limit.active},
 * {@code decor.limit.waiting} (gauges) and {@code decor.limit.rejected} (counter), tagged with the
 * group's name, or the method's decor name.
 *
 * <pre>{@code
 * @ConcurrencyLimit(value = 2, maxWait = "20ms", group = "gpu")
 * public float[] forward(float[] batch) { ... }
 * }</pre>
 *
 * <p>A method returning a {@link java.util.concurrent.CompletionStage} holds its permit until the
 * stage completes, and reports a rejection as a failed stage; an iterator or stream releases it
 * when the method returns.
 *
 * <p>Invocation contract: the method proceeds at most once per call (not at all when rejected).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConcurrencyLimit {
  /** Executions allowed at once; at least 1. */
  int value();

  /**
   * How long a caller may wait for a permit, e.g. {@code "20ms"}; {@code "0ms"} (the default)
   * rejects at once when all are taken — never a queue without bound.
   */
  String maxWait() default "0ms";

  /** The name of a limit shared by every method naming it; empty: this method's own. */
  String group() default "";
}
