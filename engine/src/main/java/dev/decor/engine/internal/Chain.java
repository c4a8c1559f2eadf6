package dev.decor.engine.internal;

import dev.decor.batch.BatchMethod;
import dev.decor.batch.BatchedDecorator;
import dev.decor.breaker.CircuitBreakerDecorator;
import dev.decor.cache.CacheKey;
import dev.decor.cache.CachedDecorator;
import dev.decor.config.FrontEnd;
import dev.decor.fallback.FallbackDecorator;
import dev.decor.fallback.FallbackMethod;
import dev.decor.grad.GradDecorator;
import dev.decor.grad.GradRegion;
import dev.decor.grad.GradThread;
import dev.decor.internal.Shape;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.ReturnKind;
import dev.decor.limit.ConcurrencyLimitDecorator;
import dev.decor.retry.RetryDecorator;
import dev.decor.spec.GradSpec;
import dev.decor.spec.Order;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.Spec;
import dev.decor.spec.TimedSpec;
import dev.decor.timeout.TimeoutDecorator;
import dev.decor.timing.TimedDecorator;
import java.lang.invoke.MethodHandle;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;

/**
 * One decorated method's decorators, built once ({@link Chains#of}, {@code Decor.chain}) and
 * called on every invocation — what generated wrappers keep in a {@code static final} field and
 * the aspect keeps per join point.
 *
 * <p>A chain runs on an engine: the global ({@code Decor.global()}) one for chains from
 * {@link Chains#of} (it follows {@code Decor.setGlobal}, checked with one volatile read per call),
 * or the engine that built it. Binding to an engine creates the method's cache, retry and timing
 * recorder there.
 *
 * <h2>Fast paths</h2>
 * {@link #invoke} takes the body as a closure, which costs an object per call whenever the JIT
 * does not inline the whole chain into the caller, and a megamorphic call when many methods share
 * it. For the common one-decorator chains a front end may instead run the body itself between
 * hooks that hold all the logic: {@link Shape#TIMED_ONLY} ({@link #timedStart}/{@link #timedEnd}),
 * {@link Shape#RETRY_ONLY} ({@link #retryFailed}/{@link #retrySucceeded}),
 * {@link Shape#RETRY_JUDGED} ({@link #retryEnter}, {@link #retryStart},
 * {@link #retryFailed(Object, Throwable, long)}, {@link #retryResult}), {@link Shape#GRAD_ONLY}
 * ({@link #gradThread},
 * {@link #enterGrad}/{@link #exitGrad}), {@link Shape#TIMEOUT_ONLY}
 * ({@link #timeoutStart}/{@link #timeoutEnd}), {@link Shape#LIMIT_ONLY}
 * ({@link #limitEnter}/{@link #limitExit}), {@link Shape#BREAKER_ONLY} ({@link #breakerEnter},
 * {@link #breakerStart}/{@link #breakerSucceeded}), {@link Shape#FALLBACK_ONLY}
 * ({@link #fallback} on a failure), and for a cache on the outside, {@link #cachedHit} before
 * building the closure. Each has the same effect as {@link #invoke}: the hooks call the chain's
 * own decorators, which hold all the logic. Where configuration disabled the decorator on the
 * chain's engine ({@code enabled=false}), {@link #invoke}'s pipeline has no such stage and its
 * hooks do nothing: the body runs once, undecorated.
 *
 * <p>Part of the surface generated code and the aspect call (see docs/processor.md); thread-safe,
 * share one instance per method.
 */
public final class Chain {
  /** What {@link #cachedHit} returns when the chain has to run: never a method's result. */
  public static final Object MISS = CachedDecorator.MISS;
  /**
   * What {@link #retryResult} returns when the caller gets the attempt's result: never a retry
   * token.
   */
  public static final Object RETRY_DONE = RetryDecorator.DONE;

  private final FrontEnd frontEnd;
  private final MethodKey key;
  private final Spec[] specs;
  /** The engine of a {@code Decor.chain} chain; null for one following the global engine. */
  private final Engine fixed;
  /**
   * Only {@code @NoGrad}/{@code @InferenceMode}: the decorator the woven advice brackets the body
   * with; null otherwise. Grad mode is a thread's state, not an engine's, so it is built once
   * here rather than read from the current pipeline on every call.
   */
  private final GradDecorator gradOnly;
  /** Decided once from the specs ({@link Shape#of}), as the front ends decide it. */
  private final Shape shape;
  /** Decided once from the specs: the cache key or the fallback needs the arguments. */
  private final boolean needsArguments;
  /** The {@code @Fallback} method's caller, or null. */
  private final FallbackMethod fallback;
  /**
   * Decided once: {@code @Cached} without {@code @Timed}, on arguments whose key costs little to
   * build — a miss after {@link #cachedHit} builds it again in {@link #invoke}, which for an array
   * or a buffer would mean digesting its contents twice.
   */
  private final boolean cachedFirst;
  /** The method's key factory (a generated wrapper's key class), or null for the engine's keys. */
  private final CacheKey.Factory keys;
  private volatile Pipeline pipeline;
  /** A woven {@code @Batched} method's batch method ({@link Chains#forMethod}), else null. */
  private MethodHandle batchMethod;

  Chain(FrontEnd frontEnd, MethodKey key, Spec[] specs, Engine fixed, FallbackMethod fallback,
      CacheKey.Factory keys) {
    this.frontEnd = frontEnd;
    this.key = key;
    this.specs = specs;
    this.fixed = fixed;
    this.fallback = fallback;
    this.keys = keys;
    Set<Order> orders = EnumSet.noneOf(Order.class);
    boolean retryNeedsEachResult = false;
    boolean tagged = false;
    for (Spec spec : specs) {
      orders.add(spec.order());
      retryNeedsEachResult |= spec instanceof RetrySpec r && r.needsEachResult();
      tagged |= spec instanceof TimedSpec t && !t.tags().isEmpty();
    }
    // A @MetricTag reads the arguments, which the timing hooks do not see.
    Shape of = Shape.of(orders, key.returnKind() == ReturnKind.ASYNC, retryNeedsEachResult);
    this.shape = tagged && of == Shape.TIMED_ONLY ? Shape.GENERAL : of;
    this.gradOnly = shape == Shape.GRAD_ONLY ? new GradDecorator((GradSpec) specs[0], key)
        : null;
    this.needsArguments = orders.contains(Order.CACHED) || orders.contains(Order.FALLBACK)
        || tagged;
    this.cachedFirst = Shape.cacheFirst(orders) && !key.contentKeyedArguments();
    this.pipeline = Chains.pipeline(fixed != null ? fixed : Engine.global(), frontEnd, key, specs,
        fallback, retryLoop(), keys);
  }

  /**
   * Whether a front end may run this chain's attempts itself ({@link #retryFailed}), seeing
   * neither results nor the first attempt's start: {@code Decorators} always calls
   * {@link #invoke}.
   */
  private boolean retryLoop() {
    return shape == Shape.RETRY_ONLY && frontEnd != FrontEnd.DECORATORS;
  }

  /** Calls {@code body} through the chain, for a method whose chain has no {@code @Cached}. */
  public Object invoke(Object self, Invocation body) throws Throwable {
    return invoke(self, null, body);
  }

  /**
   * Calls {@code body} through the chain.
   *
   * @param self the receiver, or null for a static method
   * @param args the arguments (for the cache key, the fallback and {@code @MetricTag}s); may be
   *     null when the chain has none of them ({@link #needsArguments})
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
    return t == null ? p.afterTimed(self, args, body) : t.around(p.afterTimed, self, args, body);
  }

  /**
   * For a chain whose outermost decorator is {@code @Cached} ({@link #cachedFirst}): the answer
   * for these arguments if the cache already holds it — counted as a hit, exactly what
   * {@link #invoke} would have returned — else {@link #MISS}, with nothing counted, and the caller
   * goes on to {@link #invoke}. Lets a front end answer a hit before it builds the body's closure.
   * Returns {@link #MISS} for any other chain.
   */
  public Object cachedHit(Object self, Object[] args) {
    return cachedFirst && keys == null ? bound().cachedHit(self, args) : MISS;
  }

  /**
   * {@link #cachedHit(Object, Object[])} for a chain built with a key factory
   * ({@link Chains#of(MethodKey, CacheKey.Factory, Spec...)}): {@code key} is the call's key, of
   * the class the factory makes, built by the wrapper without an argument array. A miss goes on
   * to {@link #invoke}, with the arguments. Returns {@link #MISS} for any other chain.
   */
  public Object cachedHit(CacheKey key) {
    return cachedFirst && keys != null ? bound().cachedHit(key) : MISS;
  }

  /**
   * Whether {@link #cachedHit} can answer: the chain caches, has no {@code @Timed} around the
   * cache, and no parameter is keyed by its contents (an array or a buffer, whose digest a miss
   * would compute twice; such a hit costs the digest anyway, beside which a closure is nothing).
   */
  public boolean cachedFirst() {
    return cachedFirst;
  }

  /**
   * How front ends run this chain's method ({@link Shape#of}): the processor and the aspect decide
   * it from the same annotations, and a front end may use a shape's hooks only when this says so
   * (they throw {@link IllegalStateException} otherwise).
   *
   * <ul>
   *   <li>{@link Shape#TIMED_ONLY}: call the body directly, bracketed by {@link #timedStart} and
   *       {@link #timedEnd} (or {@link #timedFailed} when it throws), with the same effect as
   *       {@link #invoke} and no closure.
   *   <li>{@link Shape#RETRY_ONLY}: run the attempts — call the body, pass each failure to
   *       {@link #retryFailed}, and after a success that followed a failure call
   *       {@link #retrySucceeded}:
   * <pre>{@code
   * Object state = null;
   * while (true) {
   *   R result;
   *   try {
   *     result = body();
   *   } catch (Throwable failure) {
   *     state = chain.retryFailed(state, failure);  // waits, or rethrows failure
   *     continue;
   *   }
   *   chain.retrySucceeded(state);
   *   return result;
   * }
   * }</pre>
   *   <li>{@link Shape#GRAD_ONLY} (proceeds exactly once): bracket the body with
   *       {@link #enterGrad}/{@link #exitGrad} and pass its result through {@link #gradResult},
   *       on a thread for which {@link #gradThread()} is not null:
   * <pre>{@code
   * GradThread thread = chain.gradThread();
   * if (thread != null) {
   *   long token = chain.enterGrad(thread, self);
   *   Object result;
   *   try {
   *     result = body();
   *   } finally {
   *     chain.exitGrad(thread, self, token);
   *   }
   *   return chain.gradResult(self, result);
   * }
   * return chain.invoke(self, () -> body());   // a virtual thread: the body runs on a model thread
   * }</pre>
   *       The hooks hold no grad logic of their own: the chain's decorator decides the model
   *       ({@code @InferenceMode}'s receiver) and wraps iterator and stream results.
   *   <li>{@link Shape#RETRY_JUDGED}: {@link Shape#RETRY_ONLY}'s loop, with the first attempt's
   *       start and each result handed over, and a token instead of the state that carries the
   *       decorator, so that only the call's start looks it up:
   * <pre>{@code
   * Object retry = chain.retryEnter();       // the one lookup
   * long start = Chain.retryStart(retry);
   * while (true) {
   *   R result;
   *   try {
   *     result = body();
   *   } catch (Throwable failure) {
   *     retry = Chain.retryFailed(retry, failure, start);  // waits, or rethrows failure
   *     continue;
   *   }
   *   Object next = Chain.retryResult(retry, result, start);  // waits if retryIf rejects it
   *   if (next == Chain.RETRY_DONE) {
   *     return result;
   *   }
   *   retry = next;
   * }
   * }</pre>
   *   <li>{@link Shape#TIMEOUT_ONLY}: bracket the body as {@code TIMED_ONLY} does —
   *       {@code Object token = chain.timeoutStart()}, on a throw
   *       {@code chain.timeoutFailed(token, failure)} and then rethrow {@code failure}, after a
   *       return {@code chain.timeoutEnd(token)}; both throw the timeout instead when the deadline
   *       passed.
   *   <li>{@link Shape#BREAKER_ONLY}: the same bracket with two values — {@code Object breaker =
   *       chain.breakerEnter()} (which throws while the breaker refuses calls), {@code long start =
   *       chain.breakerStart(breaker)}, then {@code chain.breakerFailed(breaker, start, failure)}
   *       or {@code chain.breakerSucceeded(breaker, start)}.
   *   <li>{@link Shape#LIMIT_ONLY}: {@code Object permit = chain.limitEnter(); try { body(); }
   *       finally { chain.limitExit(permit); }}; {@code limitEnter} throws the rejection.
   *   <li>{@link Shape#FALLBACK_ONLY}: {@code try { return body(); } catch (Throwable failure) {
   *       return chain.fallback(self, new Object[] {…}, failure); }}; {@code fallback} rethrows
   *       {@code failure} when it does not fall back.
   *   <li>{@link Shape#BATCHED}: {@link #invokeBatched}; {@link Shape#GENERAL}: {@link #invoke}.
   * </ul>
   */
  public Shape shape() {
    return shape;
  }

  /** {@link Shape#TIMED_ONLY} chains: the call's start, on the engine's clock. */
  public long timedStart() {
    TimedDecorator t = timedOnlyDecorator();
    return t == null ? 0L : t.start();
  }

  /**
   * {@link Shape#TIMED_ONLY} chains: records a call from {@code start} that returned {@code result} (a
   * returned stage is timed until it completes) and returns {@code result}.
   */
  public Object timedEnd(long start, Object result) {
    TimedDecorator t = timedOnlyDecorator();
    return t == null ? result : t.end(start, result);
  }

  /** {@link Shape#TIMED_ONLY} chains: records a call from {@code start} that threw {@code failure}. */
  public void timedFailed(long start, Throwable failure) {
    TimedDecorator t = timedOnlyDecorator();
    if (t != null) {
      t.failed(start, failure);
    }
  }

  /** The chain's {@code @Timed}; null when configuration disabled it on this engine. */
  private TimedDecorator timedOnlyDecorator() {
    TimedDecorator t = bound().timed;
    if (shape != Shape.TIMED_ONLY) {
      throw new IllegalStateException(this + " has decorators other than @Timed");
    }
    return t;
  }


  /**
   * {@link Shape#RETRY_ONLY} chains: an attempt threw {@code failure}. Returns, after the configured
   * wait, the state for the next failure if another attempt may start; otherwise rethrows
   * {@code failure} itself (not retryable, attempts used up, or interrupted while waiting, which
   * leaves the interrupt flag set).
   *
   * @param state null after the first attempt, then what the previous call returned
   */
  public Object retryFailed(Object state, Throwable failure) throws Throwable {
    RetryDecorator r = retryOnlyDecorator();
    if (r == null) {
      throw failure; // disabled by configuration: one attempt
    }
    return r.failed(state, failure);
  }

  /** {@link Shape#RETRY_ONLY} chains: an attempt succeeded; {@code state} as {@link #retryFailed} left it. */
  public void retrySucceeded(Object state) {
    RetryDecorator r;
    if (state != null && (r = retryOnlyDecorator()) != null) { // the usual success, at the
      r.succeeded(state);                                        // first attempt, needs none
    }
  }

  private RetryDecorator retryOnlyDecorator() {
    RetryDecorator r = bound().retry;
    if (shape != Shape.RETRY_ONLY) {
      throw new IllegalStateException(this + " is not a synchronous @Retry-only chain");
    }
    return r;
  }

  /**
   * {@link Shape#RETRY_JUDGED} chains: the call's retry token, its one lookup. It starts as the
   * chain's {@code @Retry} decorator on the engine the call runs on (null when configuration
   * disabled it), and {@link #retryFailed(Object, Throwable, long)} and {@link #retryResult} return
   * the token for the next attempt: they act on it alone, so the call ends on the engine it started
   * on even if the global engine changed meanwhile.
   */
  public Object retryEnter() {
    return only(Shape.RETRY_JUDGED).retry;
  }

  /**
   * {@link Shape#RETRY_JUDGED} chains: the call's start for the token {@link #retryEnter} returned,
   * on its engine's clock (0, no clock read, when the spec has no {@code maxDuration}).
   */
  public static long retryStart(Object retry) {
    return retry == null ? 0L : RetryDecorator.start(retry);
  }

  /**
   * {@link Shape#RETRY_JUDGED} chains: {@link #retryFailed(Object, Throwable)} for the call from
   * {@code start} with its token, which starts no attempt after its {@code maxDuration}: returns
   * the token for the next attempt, or rethrows {@code failure}.
   */
  public static Object retryFailed(Object retry, Throwable failure, long start) throws Throwable {
    if (retry == null) {
      throw failure; // disabled by configuration: one attempt
    }
    return RetryDecorator.failed(retry, failure, start);
  }

  /**
   * {@link Shape#RETRY_JUDGED} chains: an attempt of the call with token {@code retry} returned
   * {@code result} (null for a void method). Returns {@link #RETRY_DONE} when the caller gets it;
   * else, after the configured wait, the token for the next attempt.
   */
  public static Object retryResult(Object retry, Object result, long start) {
    return retry == null ? RETRY_DONE : RetryDecorator.result(retry, result, start);
  }

  /**
   * {@link Shape#TIMEOUT_ONLY} chains: starts the call's deadline; returns the token for
   * {@link #timeoutFailed} or {@link #timeoutEnd}, one of which must follow on this thread (null
   * when configuration disabled the timeout: then they do nothing). The token knows the decorator
   * that started the call, so they look nothing up, and end the call there even if the global
   * engine changed meanwhile.
   */
  public Object timeoutStart() {
    TimeoutDecorator t = only(Shape.TIMEOUT_ONLY).timeout;
    return t == null ? null : t.start();
  }

  /**
   * {@link Shape#TIMEOUT_ONLY} chains: the body threw {@code failure}. Throws the timeout if the
   * deadline passed; otherwise returns, and the caller rethrows {@code failure}.
   */
  public void timeoutFailed(Object token, Throwable failure) throws Throwable {
    if (token != null) {
      TimeoutDecorator.failed(token, failure);
    }
  }

  /** {@link Shape#TIMEOUT_ONLY} chains: the body returned; throws the timeout if it was late. */
  public void timeoutEnd(Object token) throws Throwable {
    if (token != null) {
      TimeoutDecorator.end(token);
    }
  }

  /**
   * {@link Shape#LIMIT_ONLY} chains: takes a permit, waiting up to {@code maxWait}, or throws the
   * {@link java.util.concurrent.RejectedExecutionException}; returns the permit for
   * {@link #limitExit} in {@code finally} (null when configuration disabled the limit).
   */
  public Object limitEnter() {
    ConcurrencyLimitDecorator l = only(Shape.LIMIT_ONLY).limit;
    return l == null ? null : l.enter();
  }

  /** {@link Shape#LIMIT_ONLY} chains: releases the permit {@link #limitEnter} returned. */
  public void limitExit(Object permit) {
    if (permit != null) {
      ConcurrencyLimitDecorator.release(permit); // the permit knows its limit: no lookup
    }
  }

  /**
   * {@link Shape#BREAKER_ONLY} chains: asks the breaker for permission (throwing its
   * {@code CallNotPermittedException} while it refuses) and returns it, the token for
   * {@link #breakerStart}, {@link #breakerSucceeded} and {@link #breakerFailed}: it carries the
   * breaker that admitted the call and its clock, so those look nothing up, and the outcome goes to
   * that breaker even if {@code Decor.tune} replaced it, or the global engine changed, meanwhile
   * (null when configuration disabled the breaker: then they do nothing).
   */
  public Object breakerEnter() {
    CircuitBreakerDecorator b = only(Shape.BREAKER_ONLY).breaker;
    return b == null ? null : b.enter();
  }

  /** {@link Shape#BREAKER_ONLY} chains: the start of the call {@link #breakerEnter} admitted. */
  public long breakerStart(Object breaker) {
    return breaker == null ? 0L : CircuitBreakerDecorator.start(breaker);
  }

  /** {@link Shape#BREAKER_ONLY} chains: the call from {@code start} threw {@code failure}. */
  public void breakerFailed(Object breaker, long start, Throwable failure) {
    if (breaker != null) {
      CircuitBreakerDecorator.failed(breaker, start, failure);
    }
  }

  /** {@link Shape#BREAKER_ONLY} chains: the call from {@code start} returned. */
  public void breakerSucceeded(Object breaker, long start) {
    if (breaker != null) {
      CircuitBreakerDecorator.succeeded(breaker, start);
    }
  }

  /**
   * {@link Shape#FALLBACK_ONLY} chains: the body threw {@code failure}; returns the fallback's
   * answer (what the caller receives), or rethrows {@code failure} when the spec does not fall
   * back on it (or configuration disabled the fallback).
   *
   * @param args the call's arguments, for the fallback method
   */
  public Object fallback(Object self, Object[] args, Throwable failure) throws Throwable {
    FallbackDecorator f = only(Shape.FALLBACK_ONLY).fallback;
    if (f == null) {
      throw failure;
    }
    return f.recover(self, args, failure);
  }

  /**
   * The bound pipeline of a chain of shape {@code expected}, whose hooks are being called. Its
   * stage for the shape's one decorator is null where configuration disabled it on this engine.
   */
  private Pipeline only(Shape expected) {
    Pipeline p = bound();
    if (shape != expected) {
      throw new IllegalStateException(this + " is " + shape + ", not " + expected);
    }
    return p;
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
    return p.engine == (fixed != null ? fixed : Engine.currentGlobal()) ? p : rebind();
  }

  private Pipeline rebind() {
    Engine engine = fixed != null ? fixed : Engine.global();
    synchronized (this) {
      Pipeline p = pipeline;
      if (p.engine != engine) {
        p = Chains.pipeline(engine, frontEnd, key, specs, fallback, retryLoop(), keys);
        pipeline = p;
      }
      return p;
    }
  }


  /**
   * {@link Shape#GRAD_ONLY} chains: the calling thread's grad state for {@link #enterGrad} and
   * {@link #exitGrad} ({@link GradRegion#current()}), or null on a virtual thread, whose regions
   * must go through {@link #invoke} (as must a chain whose grad mode configuration disabled).
   */
  public GradThread gradThread() {
    gradOnlyDecorator();
    // Disabled by configuration on this engine: invoke(), whose pipeline has no grad stage.
    return bound().grad == null ? null : GradRegion.current();
  }

  /** {@link Shape#GRAD_ONLY} chains: enters the mode; pass the token to {@link #exitGrad} in finally. */
  public long enterGrad(GradThread thread, Object self) {
    return gradOnlyDecorator().enter(thread, self);
  }

  /** {@link Shape#GRAD_ONLY} chains: restores what {@link #enterGrad} changed. */
  public void exitGrad(GradThread thread, Object self, long token) {
    gradOnlyDecorator().exit(thread, self, token);
  }

  /** {@link Shape#GRAD_ONLY} chains: what the caller receives for the body's {@code result}. */
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

  /** Whether this chain caches, falls back or tags its timer, i.e. needs {@code args}. */
  boolean needsArguments() {
    return needsArguments;
  }


  MethodKey key() {
    return key;
  }

  @Override
  public String toString() {
    return pipeline.toString();
  }
}
