package dev.decor.limit;

import dev.decor.internal.Messages;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.ConcurrencyLimitSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code @ConcurrencyLimit}: holds one permit of the method's (or its group's) limit around the
 * rest of the chain.
 *
 * <p>Invocation contract: proceeds at most once — not at all when no permit comes within
 * {@code maxWait}: then {@link RejectedExecutionException} ({@code [decor/ConcurrencyLimit]}),
 * also when the caller is interrupted before or while waiting (the flag stays set). The permit is
 * released when the call returns or throws; a returned {@link CompletionStage} keeps it until it
 * completes (the caller gets a stage that completes after the release), and a rejection of such a
 * method is a failed stage. The success path allocates
 * nothing for a synchronous method.
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class ConcurrencyLimitDecorator {
  private final LimitRegistry limits;
  private final Limit limit;
  private final String name;
  private final String maxWait;
  private final long maxWaitNanos;
  private final boolean async;

  /**
   * @throws IllegalArgumentException {@code [decor/ConcurrencyLimitGroup]} when the spec's group
   *     has another value on this engine
   */
  public ConcurrencyLimitDecorator(LimitRegistry limits, MethodKey key, ConcurrencyLimitSpec spec,
      ReturnKind kind) {
    this.limits = limits;
    this.limit = limits.limit(key, spec);
    this.name = key.defaultName();
    this.maxWait = spec.maxWait();
    this.maxWaitNanos = spec.maxWaitDuration().toNanos();
    this.async = kind == ReturnKind.ASYNC;
  }

  public Object around(Next next, Object self, Object[] args, Invocation body) throws Throwable {
    if (async) {
      return aroundAsync(next, self, args, body);
    }
    Object permit = enter();
    try {
      return next.proceed(self, args, body);
    } finally {
      release(permit);
    }
  }

  /**
   * Takes a permit for a synchronous call, waiting up to {@code maxWait}; throws the (counted)
   * {@link RejectedExecutionException} otherwise. Returns the permit's limit, for
   * {@link #release} in {@code finally}. What {@link #around} runs, and the front ends' hook
   * ({@code Chain.limitEnter}) for a method whose only decorator this is.
   */
  public Object enter() {
    // A free permit is taken inline; waiting and rejecting are out of line, so this stays small
    // enough to inline and the body's closure and result never escape.
    Limit l = limit;
    if (!l.tryAcquireNow()) {
      waitForPermit(l);
    }
    return l;
  }

  /**
   * Releases the permit {@link #enter} took; {@code permit} is what it returned, so the release
   * needs no decorator (and reaches the limit that admitted the call, whatever the global engine
   * is by then).
   */
  public static void release(Object permit) {
    ((Limit) permit).release();
  }

  /** Waits for a permit up to {@code maxWait}; throws the (counted) rejection otherwise. */
  private void waitForPermit(Limit l) {
    RejectedExecutionException rejected = acquire(l);
    if (rejected != null) {
      throw rejected;
    }
  }

  /** Null once a permit is held; else the rejection (counted). */
  private RejectedExecutionException acquire(Limit l) {
    try {
      if (l.acquire(maxWaitNanos)) {
        return null;
      }
      limits.rejected(l);
      return new RejectedExecutionException(
          Messages.concurrencyLimitRejected(name, l.described, l.value, maxWait));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      limits.rejected(l);
      RejectedExecutionException rejected = new RejectedExecutionException(
          Messages.concurrencyLimitInterrupted(name, l.described));
      rejected.initCause(e);
      return rejected;
    }
  }

  private Object aroundAsync(Next next, Object self, Object[] args, Invocation body)
      throws Throwable {
    Limit l = limit;
    RejectedExecutionException rejected = acquire(l);
    if (rejected != null) {
      return CompletableFuture.failedFuture(rejected);
    }
    return holdUntilComplete(l, next, self, args, body);
  }

  private static Object holdUntilComplete(Limit l, Next next, Object self, Object[] args,
      Invocation body) throws Throwable {
    CompletionStage<?> stage;
    try {
      stage = (CompletionStage<?>) next.proceed(self, args, body);
    } catch (Throwable t) {
      l.release();
      throw t;
    }
    if (stage == null) {
      l.release();
      return null;
    }
    // The caller's stage completes after the release, so its callbacks find the permit free.
    return stage.whenComplete((value, failure) -> l.release());
  }

  @Override
  public String toString() {
    return "ConcurrencyLimit[" + limit.described + ", value=" + limit.value + ", maxWait="
        + maxWait + "]";
  }
}
