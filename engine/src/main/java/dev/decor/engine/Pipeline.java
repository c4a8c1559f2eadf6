package dev.decor.engine;

/**
 * One method's decorators bound to one {@link Decor} engine; what a {@link Chain} runs.
 *
 * <h2>Design</h2>
 * The order is fixed ({@link Order}): timed → cached → batched (instead of the rest) → retry → grad → body. Rather than a list of
 * polymorphic interceptors, the pipeline holds one nullable field per decorator and one stage
 * method per position, so every call site is monomorphic and the JIT can inline the whole chain;
 * an absent decorator costs a null check. Decorators call back into the next stage method.
 *
 * <p>Thread-safe.
 */
final class Pipeline {
  final Decor engine;
  private final MethodKey key;
  /** Read by {@link Chain#invoke}, which starts the pipeline itself (one call level less to inline). */
  final TimedDecorator timed;
  private final CachedDecorator cached;
  private final BatchedDecorator batched;
  /** Read by {@link Chain}'s retry hooks. */
  final RetryDecorator retry;
  private final GradDecorator grad;

  Pipeline(Decor engine, MethodKey key, TimedDecorator timed, CachedDecorator cached,
      BatchedDecorator batched, RetryDecorator retry, GradDecorator grad) {
    this.engine = engine;
    this.key = key;
    this.timed = timed;
    this.cached = cached;
    this.batched = batched;
    this.retry = retry;
    this.grad = grad;
  }

  /** {@link Chain#cachedHit}, for a chain whose outermost decorator is {@code @Cached}. */
  Object cachedHit(Object self, Object[] args) {
    return cached.hit(self, args);
  }

  Object afterTimed(Object self, Object[] args, Invocation body) throws Throwable {
    CachedDecorator c = cached;
    return c == null ? afterCached(self, args, body) : c.around(this, self, args, body);
  }

  Object afterCached(Object self, Object[] args, Invocation body) throws Throwable {
    BatchedDecorator b = batched;
    if (b != null) {
      return b.around(self, body);
    }
    RetryDecorator r = retry;
    return r == null ? afterRetry(self, body) : r.around(this, self, args, body);
  }

  Object afterRetry(Object self, Invocation body) throws Throwable {
    GradDecorator g = grad;
    return g == null ? body.proceed() : g.around(self, body);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Chain[").append(key.defaultName());
    if (timed != null) {
      sb.append(", ").append(timed);
    }
    if (cached != null) {
      sb.append(", ").append(cached);
    }
    if (batched != null) {
      sb.append(", ").append(batched);
    }
    if (retry != null) {
      sb.append(", ").append(retry);
    }
    if (grad != null) {
      sb.append(", ").append(grad);
    }
    return sb.append(']').toString();
  }
}
