package dev.decor.engine;

import dev.decor.spec.GradSpec;
import dev.decor.spec.Order;
import dev.decor.spec.Spec;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * One decorated method's decorators, built once ({@link Chains#of}, {@link Decor#chain}) and
 * called on every invocation — what generated wrappers keep in a {@code static final} field and
 * the aspect keeps per join point.
 *
 * <p>A chain runs on an engine: the {@linkplain Decor#global() global} one for chains from
 * {@link Chains#of} (it follows {@link Decor#setGlobal}, checked with one volatile read per call),
 * or the engine that built it. Binding to an engine creates the method's cache, retry and timing
 * recorder there.
 *
 * <p>Part of the surface generated code and the aspect call (see docs/processor.md); thread-safe,
 * share one instance per method.
 */
public final class Chain {
  private final MethodKey key;
  private final Spec[] specs;
  /** The engine of a {@link Decor#chain} chain; null for one following the global engine. */
  private final Decor fixed;
  /**
   * Only {@code @NoGrad}/{@code @InferenceMode}: the decorator the woven advice brackets the body
   * with; null otherwise. Grad mode is a thread's state, not an engine's, so it is built once
   * here rather than read from the current pipeline on every call.
   */
  private final GradDecorator gradOnly;
  /** Decided once from the specs: the cache key needs the arguments. */
  private final boolean needsArguments;
  private volatile Pipeline pipeline;
  /** A woven {@code @Batched} method's batch method ({@link Chains#forMethod}), else null. */
  private MethodHandle batchMethod;

  Chain(MethodKey key, Spec[] specs, Decor fixed) {
    this.key = key;
    this.specs = specs;
    this.fixed = fixed;
    this.gradOnly = specs.length == 1 && specs[0] instanceof GradSpec g
        ? new GradDecorator(g, key.returnKind())
        : null;
    this.needsArguments = has(specs, Order.CACHED);
    this.pipeline = Chains.pipeline(fixed != null ? fixed : Decor.global(), key, specs);
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
    // The first stage starts here, not in a Pipeline method shared by every chain: such a method
    // gets compiled on its own, is then refused for inlining ("already compiled into a big
    // method"), and the caller's body lambda escapes.
    Pipeline p = bound();
    TimedDecorator t = p.timed;
    return t == null ? p.afterTimed(self, args, body) : t.around(p, self, args, body);
  }

  /**
   * Calls a {@code @Batched} method through the chain: {@code item} is its one argument,
   * {@code batch} its receiver's batch method (a lambda calling it, built by the front end).
   *
   * @return the item's result (a synchronous method waits for its batch) or its future
   * @throws Throwable exactly what the batch method failed the item with
   */
  public Object invokeBatched(Object self, Object item, BatchMethod<?, ?> batch)
      throws Throwable {
    return invoke(self, needsArguments ? new Object[] {item} : null,
        new BatchedDecorator.BatchBody(item, batch));
  }

  /**
   * {@link #invokeBatched} for the aspect: the batch method is the one {@link Chains#forMethod}
   * found and checked when it built this chain, called through a method handle on {@code self}.
   */
  @SuppressWarnings("unchecked")
  public Object invokeWovenBatched(Object self, Object item) throws Throwable {
    MethodHandle batch = batchMethod;
    if (batch == null) {
      throw new IllegalStateException(this + " was not built by Chains.forMethod from a @Batched method");
    }
    BatchMethod<Object, Object> method = self == null
        ? items -> (List<Object>) batch.invoke(items)
        : items -> (List<Object>) batch.invoke(self, items);
    return invokeBatched(self, item, method);
  }

  /** Set once by {@link Chains#forMethod}, before the chain is shared. */
  Chain withBatchMethod(MethodHandle batchMethod) {
    this.batchMethod = batchMethod;
    return this;
  }

  /**
   * The pipeline on the engine this chain runs on now. Kept tiny, with the rare re-binding out of
   * line: the whole chain must stay small enough for the JIT to inline it into the caller, or the
   * caller's body lambda escapes and is allocated on every call.
   */
  private Pipeline bound() {
    Pipeline p = pipeline;
    return p.engine == (fixed != null ? fixed : Decor.currentGlobal()) ? p : rebind();
  }

  private Pipeline rebind() {
    Decor engine = fixed != null ? fixed : Decor.global();
    synchronized (this) {
      Pipeline p = pipeline;
      if (p.engine != engine) {
        p = Chains.pipeline(engine, key, specs);
        pipeline = p;
      }
      return p;
    }
  }

  /**
   * Whether this chain's only decorator is {@code @NoGrad} or {@code @InferenceMode}, which
   * proceeds exactly once: then a front end that calls the method's body directly (the woven
   * advice, which inlines it) may bracket the body with {@link #enterGrad}/{@link #exitGrad} and
   * pass its result through {@link #gradResult} instead of calling {@link #invoke} with a closure,
   * with the same effect.
   *
   * <p>These grad hooks are for the aspect: ajc inlines its advice into the woven method, so the
   * advice needs a bracket it can call around {@code proceed} directly. They hold no grad logic:
   * the chain's decorator decides the model ({@code @InferenceMode}'s receiver) and wraps
   * iterator and stream results, and grad mode itself is entered through the
   * {@link dev.decor.grad.GradRegion} API.
   */
  public boolean gradOnly() {
    return gradOnly != null;
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
   * @throws IllegalStateException if not {@link #gradInlinable()} ({@code [decor/GradNotInlinable]})
   */
  public long enterGrad(Object self) {
    return gradOnlyDecorator().enter(self);
  }

  /** {@link #gradOnly} chains: restores what {@link #enterGrad} changed. */
  public void exitGrad(Object self, long token) {
    gradOnlyDecorator().exit(self, token);
  }

  /** {@link #gradOnly} chains: what the caller receives for the body's {@code result}. */
  public Object gradResult(Object self, Object result) {
    return gradOnlyDecorator().result(self, result);
  }

  private GradDecorator gradOnlyDecorator() {
    GradDecorator g = gradOnly;
    if (g == null) {
      throw new IllegalStateException(this + " has decorators other than grad mode");
    }
    return g;
  }

  /** Whether this chain caches, i.e. needs {@code args}. */
  public boolean needsArguments() {
    return needsArguments;
  }

  private static boolean has(Spec[] specs, Order order) {
    for (Spec spec : specs) {
      if (spec.order() == order) {
        return true;
      }
    }
    return false;
  }

  public MethodKey key() {
    return key;
  }

  @Override
  public String toString() {
    return pipeline.toString();
  }
}
