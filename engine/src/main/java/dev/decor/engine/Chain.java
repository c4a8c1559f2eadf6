package dev.decor.engine;

/**
 * One method's decorators, built once by {@link Chains#of} and called on every invocation.
 *
 * <h2>Design</h2>
 * The order is fixed ({@link Order}): timed → cached → retry → grad → body. Rather than a list of
 * polymorphic interceptors, the chain holds one nullable field per decorator and one stage method
 * per position, so every call site is monomorphic and the JIT can inline the whole chain; an
 * absent decorator costs a null check. Decorators call back into the next stage method.
 *
 * <p>Thread-safe; share one instance per method (generated code keeps it in a
 * {@code static final} field).
 */
public final class Chain {
  private final MethodKey key;
  private final TimedDecorator timed;
  private final CachedDecorator cached;
  private final RetryDecorator retry;
  private final GradDecorator grad;
  /** Decided once: the woven grad-only advice asks on every call. */
  private final boolean gradOnly;

  Chain(MethodKey key, TimedDecorator timed, CachedDecorator cached, RetryDecorator retry,
      GradDecorator grad) {
    this.key = key;
    this.timed = timed;
    this.cached = cached;
    this.retry = retry;
    this.grad = grad;
    this.gradOnly = grad != null && timed == null && cached == null && retry == null;
  }

  /** Calls {@code body} through the chain, for a method whose chain has no {@code @Cached}. */
  public Object invoke(Object self, Invocation body) throws Throwable {
    return invoke(self, null, body);
  }

  /**
   * Calls {@code body} through the chain.
   *
   * @param self the receiver, or null for a static method
   * @param args the arguments (for the cache key); may be null when the chain has no cache
   * @return what the caller receives: the method's result, a cached result, or a wrapper of a
   *     returned stage, iterator or stream
   * @throws Throwable exactly what the method threw (never wrapped)
   */
  public Object invoke(Object self, Object[] args, Invocation body) throws Throwable {
    TimedDecorator t = timed;
    return t == null ? afterTimed(self, args, body) : t.around(this, self, args, body);
  }

  Object afterTimed(Object self, Object[] args, Invocation body) throws Throwable {
    CachedDecorator c = cached;
    return c == null ? afterCached(self, args, body) : c.around(this, self, args, body);
  }

  Object afterCached(Object self, Object[] args, Invocation body) throws Throwable {
    RetryDecorator r = retry;
    return r == null ? afterRetry(self, body) : r.around(this, self, args, body);
  }

  Object afterRetry(Object self, Invocation body) throws Throwable {
    GradDecorator g = grad;
    return g == null ? body.proceed() : g.around(self, body);
  }

  /**
   * Whether this chain's only decorator is {@code @NoGrad} or {@code @InferenceMode}, which
   * proceeds exactly once: then {@link #enterGrad}/{@link #exitGrad}/{@link #gradResult} may be
   * called around the body instead of {@link #invoke}, with the same effect and no
   * {@link Invocation} (the woven mode's advice calls the body directly).
   */
  public boolean gradOnly() {
    return gradOnly;
  }

  /**
   * {@link #gradOnly} chains: whether {@link #enterGrad}/{@link #exitGrad} may run around the body
   * on the calling thread; when false (a virtual thread) call {@link #invoke} instead.
   */
  public boolean gradInlinable() {
    return gradOnlyDecorator().inlinable();
  }

  /**
   * {@link #gradOnly} chains: enters the mode; pass the token to {@link #exitGrad} in finally.
   *
   * @throws IllegalStateException if not {@link #gradInlinable()}
   */
  public long enterGrad(Object self) {
    return gradOnlyDecorator().enter(GradState.perThread(), self);
  }

  /** {@link #gradOnly} chains: restores what {@link #enterGrad} changed. */
  public void exitGrad(Object self, long token) {
    gradOnlyDecorator().exit(GradState.perThread(), self, token);
  }

  /** {@link #gradOnly} chains: what the caller receives for the body's {@code result}. */
  public Object gradResult(Object self, Object result) {
    return gradOnlyDecorator().result(self, result);
  }

  private GradDecorator gradOnlyDecorator() {
    if (!gradOnly) {
      throw new IllegalStateException(this + " has decorators other than grad mode");
    }
    return grad;
  }

  /** Whether this chain caches, i.e. needs {@code args}. */
  public boolean needsArguments() {
    return cached != null;
  }

  public MethodKey key() {
    return key;
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
    if (retry != null) {
      sb.append(", ").append(retry);
    }
    if (grad != null) {
      sb.append(", ").append(grad);
    }
    return sb.append(']').toString();
  }
}
