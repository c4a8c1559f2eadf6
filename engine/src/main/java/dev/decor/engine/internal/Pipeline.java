package dev.decor.engine.internal;

import dev.decor.batch.BatchedDecorator;
import dev.decor.breaker.CircuitBreakerDecorator;
import dev.decor.cache.CacheKey;
import dev.decor.cache.CachedDecorator;
import dev.decor.fallback.FallbackDecorator;
import dev.decor.grad.GradDecorator;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.limit.ConcurrencyLimitDecorator;
import dev.decor.retry.RetryDecorator;
import dev.decor.timeout.TimeoutDecorator;
import dev.decor.timing.TimedDecorator;

/**
 * One method's decorators bound to one {@link Engine}; what a {@link Chain} runs.
 *
 * <h2>Design</h2>
 * The order is fixed ({@link dev.decor.spec.Order}): timed → fallback → cached → batched (instead
 * of the rest; inside a timeout when the method has one) → retry → circuit breaker → timeout → concurrency limit → grad → body. A chain
 * without a timeout or a limit goes from the breaker straight to grad, one branch on a final
 * field, so its depth (what the JIT must inline) does not grow. Rather than a list of polymorphic interceptors, the pipeline holds
 * one nullable field per decorator and one stage method per position, so every call site is
 * monomorphic and the JIT can inline the whole chain; an absent decorator costs a null check. A
 * decorator goes on inward through the {@link Next} of its position: a method reference to the
 * stage method after it, made once per pipeline, so each decorator's call to it always meets the
 * same class.
 *
 * <p>Thread-safe.
 */
final class Pipeline {
  final Engine engine;
  private final MethodKey key;
  /** Read by {@link Chain#invoke}, which starts the pipeline itself (one call level less to inline). */
  final TimedDecorator timed;
  /** Read by {@link Chain}'s fallback hook, as are the breaker, the timeout and the limit by theirs. */
  final FallbackDecorator fallback;
  private final CachedDecorator cached;
  private final BatchedDecorator batched;
  /** Read by {@link Chain}'s retry hooks. */
  final RetryDecorator retry;
  final CircuitBreakerDecorator breaker;
  final TimeoutDecorator timeout;
  final ConcurrencyLimitDecorator limit;
  /** A timeout or a limit sits between retry and grad. */
  private final boolean bounded;
  /** Read by {@link Chain#gradThread}: null when configuration disabled grad mode. */
  final GradDecorator grad;
  /** The continuations the decorators proceed through, one per position. */
  final Next afterTimed = this::afterTimed;
  private final Next afterFallback = this::afterFallback;
  private final Next afterCached = this::afterCached;
  private final Next afterRetry = this::afterRetry;
  private final Next afterBreaker = this::afterBreaker;
  private final Next afterTimeout = this::afterTimeout;
  private final Next afterLimit = this::afterLimit;
  private final Next afterBatchTimeout = this::afterBatchTimeout;

  Pipeline(Engine engine, MethodKey key, TimedDecorator timed, FallbackDecorator fallback,
      CachedDecorator cached, BatchedDecorator batched, RetryDecorator retry,
      CircuitBreakerDecorator breaker, TimeoutDecorator timeout, ConcurrencyLimitDecorator limit,
      GradDecorator grad) {
    this.engine = engine;
    this.key = key;
    this.timed = timed;
    this.fallback = fallback;
    this.cached = cached;
    this.batched = batched;
    this.retry = retry;
    this.breaker = breaker;
    this.timeout = timeout;
    this.limit = limit;
    this.bounded = timeout != null || limit != null;
    this.grad = grad;
  }

  /** {@link Chain#cachedHit}, for a chain whose outermost decorator is {@code @Cached}. */
  Object cachedHit(Object self, Object[] args) {
    CachedDecorator c = cached;
    return c == null ? CachedDecorator.MISS : c.hit(self, args); // null: disabled by configuration
  }

  /** {@link Chain#cachedHit(CacheKey)}: the same, with the wrapper's own key. */
  Object cachedHit(CacheKey key) {
    CachedDecorator c = cached;
    return c == null ? CachedDecorator.MISS : c.hit(key); // null: disabled by configuration
  }

  Object afterTimed(Object self, Object[] args, Invocation body) throws Throwable {
    FallbackDecorator f = fallback;
    return f == null ? afterFallback(self, args, body) : f.around(afterFallback, self, args, body);
  }

  Object afterFallback(Object self, Object[] args, Invocation body) throws Throwable {
    CachedDecorator c = cached;
    return c == null ? afterCached(self, args, body) : c.around(afterCached, self, args, body);
  }

  Object afterCached(Object self, Object[] args, Invocation body) throws Throwable {
    BatchedDecorator b = batched;
    if (b != null) {
      // A @Timeout on a batched method bounds what its caller waits, queue included: its
      // deadline goes with the item, which is never dispatched once it has passed.
      TimeoutDecorator t = timeout;
      return t == null ? b.around(self, body) : t.around(afterBatchTimeout, self, args, body);
    }
    RetryDecorator r = retry;
    return r == null ? afterRetry(self, args, body) : r.around(afterRetry, self, args, body);
  }

  Object afterBatchTimeout(Object self, Object[] args, Invocation body) throws Throwable {
    return batched.around(self, body);
  }

  Object afterRetry(Object self, Object[] args, Invocation body) throws Throwable {
    CircuitBreakerDecorator b = breaker;
    return b == null ? afterBreaker(self, args, body) : b.around(afterBreaker, self, args, body);
  }

  Object afterBreaker(Object self, Object[] args, Invocation body) throws Throwable {
    if (bounded) {
      TimeoutDecorator t = timeout;
      return t == null ? afterTimeout(self, args, body) : t.around(afterTimeout, self, args, body);
    }
    return afterLimit(self, args, body);
  }

  Object afterTimeout(Object self, Object[] args, Invocation body) throws Throwable {
    ConcurrencyLimitDecorator l = limit;
    return l == null ? afterLimit(self, args, body) : l.around(afterLimit, self, args, body);
  }

  Object afterLimit(Object self, Object[] args, Invocation body) throws Throwable {
    GradDecorator g = grad;
    return g == null ? body.proceed() : g.around(self, body);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Chain[").append(key.defaultName());
    for (Object d : new Object[] {timed, fallback, cached, batched, retry, breaker, timeout, limit,
        grad}) {
      if (d != null) {
        sb.append(", ").append(d);
      }
    }
    return sb.append(']').toString();
  }
}
