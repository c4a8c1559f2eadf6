package dev.decor.aspect;

import dev.decor.Decorated;
import dev.decor.engine.internal.Chain;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.grad.GradThread;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Applies decor's annotations to woven methods — mode 2 of decor, for private, static and final
 * methods and for objects a framework creates, where no generated wrapper can reach.
 *
 * <h2>Design: one chain per method, not one advice per annotation</h2>
 * A method's {@link Chain} already applies <em>all</em> of its decor annotations in the fixed
 * order of {@link dev.decor.spec.Order} ({@code @Timed} → {@code @Cached} → {@code @Retry} →
 * {@code @NoGrad}/{@code @InferenceMode}), exactly as a generated wrapper does. So exactly one
 * around advice below runs for an execution carrying <em>any</em> decor annotation and runs that
 * chain once; precedence comes from {@code Order} itself and cannot drift from the wrappers.
 *
 * <h2>Why a code-style aspect, and thirty-six around advices</h2>
 * An annotation-style {@code @Around} advice taking a {@code ProceedingJoinPoint} makes ajc build
 * a join point object (with an argument array) and a closure on every call. Here the chain is
 * found through {@code thisJoinPointStaticPart} (a static constant of the woven class) and the
 * receiver is bound by the pointcut, so no join point is built per call. Each kind of execution
 * has one advice for instance and one for static methods (only instance ones can bind
 * {@code this}):
 * <ul>
 *   <li>{@code @Timed} only, synchronous {@code @Retry} only, and {@code @NoGrad}/{@code
 *       @InferenceMode} only on a platform thread: the advice calls {@code proceed} directly,
 *       between the chain's hooks ({@link Chain#timedStart}/{@link Chain#timedEnd}, an attempt
 *       loop handing failures to {@link Chain#retryFailed}, {@link Chain#enterGrad}/{@link
 *       Chain#exitGrad} on the thread's {@link Chain#gradThread}), and its body holds no lambda. ajc then inlines it into the woven method
 *       at build time: no closure, no {@code Chain.invoke}, nothing allocated. (A lambda anywhere
 *       in an advice, or a {@code proceed} inside one, makes ajc call it with a closure instead;
 *       the load-time weaver inlines no advice.)
 *   <li>{@code @Timeout}, {@code @ConcurrencyLimit}, {@code @CircuitBreaker} or
 *       {@code @Fallback} alone, or a {@code @Retry} with {@code retryIf} or {@code maxDuration}
 *       alone, on a method not returning a {@code CompletionStage}: the same, between
 *       {@link Chain#timeoutStart}/{@link Chain#timeoutEnd}, {@link Chain#limitEnter}/{@link
 *       Chain#limitExit}, {@link Chain#breakerEnter}/{@link Chain#breakerSucceeded}, in a
 *       {@code try} whose {@code catch} calls {@link Chain#fallback} (the arguments bound by the
 *       pointcut for one and two parameters, read from {@code thisJoinPoint} otherwise), or in the
 *       attempt loop that also hands {@link Chain#retryResult} each result (starting from
 *       {@link Chain#retryEnter}'s token, the call's one lookup).
 *   <li>Grad-only on a virtual thread, where grad mode cannot be entered inline: the engine runs
 *       the body on a model thread, so it gets {@code () -> proceed(..)}, ajc's
 *       {@code AroundClosure}. Its {@code if()} test is the opposite of the inlined pair's, so
 *       exactly one of the two runs, and a platform thread never builds its closure.
 *   <li>{@code @Cached}, or {@code @Fallback} beside another decorator or on a stage (with anything
 *       but {@code @Batched}): the key or the
 *       fallback needs the arguments, bound
 *       by the pointcut for one and two parameters ({@code args(a)}, {@code args(a, b)}, sparing
 *       the join point and the array copy of {@code thisJoinPoint.getArgs()}) and read from
 *       {@code thisJoinPoint} otherwise; the chain runs through {@code Chain.invoke} with the
 *       closure. A cache without {@code @Timed} around it answers hits through
 *       {@link Chain#cachedHit} first (unless a parameter is declared an array or a buffer, which the
 *       chain leaves to its miss path so their contents are digested once): for one and two
 *       parameters in a separate advice
 *       ({@link #hitFirst}), declared before the cached ones so it runs outside them, with no
 *       lambda, so ajc inlines it and a hit builds no closure; a miss proceeds into the cached
 *       advice. (ajc builds the closure of an advice it cannot inline before calling it, so
 *       the cached advice could not answer a hit without one.)
 *   <li>The rest (stacked decorators, or a resilience decorator on a method returning a
 *       {@code CompletionStage}, which acts when the stage completes):
 *       {@code Chain.invoke} with the closure.
 *   <li>{@code @Batched}: its body never runs; the chain queues the argument.
 * </ul>
 * The pointcuts are disjoint, the grad pair by its run-time test: exactly one around advice runs
 * the chain of a decorated execution (the hit-first advice, in front of a cached one, only
 * answers completed hits, which {@link Chain#cachedHit} counts, or proceeds). The empty {@code before} advice matches every one of them and
 * carries the {@code adviceDidNotMatch} lint that tells a consumer their weaver matched nothing;
 * the around advices suppress it, as a module need not use them all.
 *
 * <h2>Exactly once</h2>
 * Executions whose {@code this} is a generated {@link dev.decor.Decorated} wrapper are skipped:
 * the wrapper's own override (not even woven: {@code !within(Decorated+)}) and its {@code super}
 * call into the user's class (a run-time test at the top of each instance advice,
 * {@link #wrapped}) both run with a {@code Decorated} receiver, and the wrapper already ran the
 * chain.
 *
 * <h2>One aspect per woven class</h2>
 * {@code pertypewithin}: each woven class (marked {@link WovenByDecor}) holds its own instance of
 * this aspect in a static field ajc adds to it, and the instance holds the class's chains, by the
 * id ajc gives each join point of the class (0, 1, …). So a call finds its chain through that
 * field, one array and one element — no table shared by every class (an identity-hash table
 * keyed by the join point took about 4 ns more a call) — and the chains are collected with their
 * class when its loader is dropped (an application redeployed, a devtools restart), where a table
 * in the aspect's own static state held every woven class for ever. ajc makes no per-type
 * instance for an interface: decorated default and static methods of interfaces are woven by
 * {@link DecorInterfaceAspect}, through the general path.
 *
 * <p>Stateless apart from its class's chains, built from the annotation values when the woven
 * class is initialised ({@link #buildChains}; invalid values fail the first call instead, and
 * every later one, with the same {@link dev.decor.internal.Messages} text the processor reports).
 * Thread-safe.
 */
public aspect DecorAspect extends ChainTable pertypewithin(@WovenByDecor *) {
  /**
   * The woven class. Set by the class's static initialisation advice, which ajc runs right after
   * it creates this instance and before any other code of the class; class initialisation
   * publishes it to every thread that calls the class.
   */
  private Class<?> type;

  /**
   * An execution of a method carrying any decor annotation, outside generated wrappers. Every
   * method annotation of package {@code dev.decor} is a decorator (the annotations module's tests
   * hold it so), so a new decorator is matched here, and by {@link #general}, with no change.
   */
  pointcut decoratedExecution(): execution(@(dev.decor.*) * *(..))
      && !within(dev.decor.Decorated+);

  /**
   * The shapes of {@link dev.decor.internal.Shape}, which the processor and the engine decide with
   * {@code Shape.of}. "X only" is written as "X, and no decor annotation other than X", so a
   * decorator added later makes a method {@link #general} without touching these.
   */
  pointcut gradOnly(): decoratedExecution()
      && !execution(@(dev.decor.* && !dev.decor.NoGrad && !dev.decor.InferenceMode) * *(..));

  /** A thread that may enter grad mode inline ({@link dev.decor.grad.GradRegion#canEnter}). */
  pointcut platformThread(): if(dev.decor.grad.GradRegion.canEnter());

  /** A virtual thread: a grad region's body must run on a model thread, through a closure. */
  pointcut virtualThread(): if(!dev.decor.grad.GradRegion.canEnter());

  /** {@code Shape.TIMED_ONLY}: the engine's timing hooks around a direct {@code proceed}. */
  pointcut timedOnly(): decoratedExecution() && @annotation(dev.decor.Timed)
      && !execution(@(dev.decor.* && !dev.decor.Timed) * *(..)) && !tagged();

  // A parameter with @MetricTag: the chain reads the arguments (a precomputed index each), so the
  // execution goes the way of the cache and the fallback, with its arguments.
  pointcut tagged(): execution(* *(.., @dev.decor.MetricTag (*), ..));

  /**
   * {@code Shape.RETRY_ONLY}: only {@code @Retry}, on a method not returning a
   * {@code CompletionStage} (those are retried asynchronously, through the chain's closure:
   * {@link #general}), with {@code retryIf} and {@code maxDuration} at their defaults (matched by
   * value: their attempts need each result and the first attempt's start, which the hooks do not
   * see): the attempts loop around a direct {@code proceed}.
   */
  pointcut retryOnly(): decoratedExecution() && @annotation(dev.decor.Retry)
      && !execution(@(dev.decor.* && !dev.decor.Retry) * *(..))
      && execution(@dev.decor.Retry(retryIf = java.util.function.Predicate.class,
          maxDuration = "") * *(..))
      && !execution(java.util.concurrent.CompletionStage+ *(..));

  /**
   * {@code Shape.RETRY_JUDGED}: {@link #retryOnly}'s loop for a {@code @Retry} with
   * {@code retryIf} or {@code maxDuration} (matched as not both at their defaults), which also
   * hands the chain the call's start and each result.
   */
  pointcut retryJudged(): decoratedExecution() && @annotation(dev.decor.Retry)
      && !execution(@(dev.decor.* && !dev.decor.Retry) * *(..))
      && !execution(@dev.decor.Retry(retryIf = java.util.function.Predicate.class,
          maxDuration = "") * *(..))
      && notStage();

  /** {@code Shape.TIMEOUT_ONLY}: the deadline's hooks around a direct {@code proceed}. */
  pointcut timeoutOnly(): decoratedExecution() && @annotation(dev.decor.Timeout)
      && !execution(@(dev.decor.* && !dev.decor.Timeout) * *(..)) && notStage();

  /** {@code Shape.LIMIT_ONLY}: a permit held around a direct {@code proceed}. */
  pointcut limitOnly(): decoratedExecution() && @annotation(dev.decor.ConcurrencyLimit)
      && !execution(@(dev.decor.* && !dev.decor.ConcurrencyLimit) * *(..)) && notStage();

  /** {@code Shape.BREAKER_ONLY}: the breaker's hooks around a direct {@code proceed}. */
  pointcut breakerOnly(): decoratedExecution() && @annotation(dev.decor.CircuitBreaker)
      && !execution(@(dev.decor.* && !dev.decor.CircuitBreaker) * *(..)) && notStage();

  /**
   * {@code Shape.FALLBACK_ONLY}: a direct {@code proceed} in a {@code try} whose {@code catch}
   * asks the chain for the fallback's answer, with the arguments gathered only then.
   */
  pointcut fallbackOnly(): decoratedExecution() && @annotation(dev.decor.Fallback)
      && !execution(@(dev.decor.* && !dev.decor.Fallback) * *(..)) && notStage();

  /**
   * Not returning a stage: the resilience decorators act on a stage when it completes, through
   * callbacks the engine builds, so a method returning one is {@link #general} under them.
   */
  pointcut notStage(): !execution(java.util.concurrent.CompletionStage+ *(..));

  /**
   * {@code Shape.GENERAL} without a cache or a fallback: the chain around the body's closure, no
   * arguments. Stacked decorators land here ({@link #several}), a decorator the shapes do not name
   * ({@link #unnamed}), and a lone resilience decorator on a method returning a stage.
   *
   * <p>Written as what it is, not as "none of the other shapes": the weaver rewrites every advice's
   * pointcut into a disjunction of conjunctions, and the conjunction of nine negated shapes
   * multiplies out beyond what ajc can handle (it ran for minutes of CPU and gigabytes of heap
   * on this aspect without finishing; every build and load-time weaver weaving with it would).
   * Disjoint from the other shapes: a lone {@code @Timed} or grad mode, and a lone resilience
   * decorator not returning a stage, are neither {@link #several} nor {@link #unnamed}.
   */
  pointcut general(): decoratedExecution() && !@annotation(dev.decor.Cached)
      && !@annotation(dev.decor.Fallback) && !tagged() && !@annotation(dev.decor.Batched)
      && (several() || unnamed() || (!notStage() && (@annotation(dev.decor.Retry)
          || @annotation(dev.decor.Timeout) || @annotation(dev.decor.ConcurrencyLimit)
          || @annotation(dev.decor.CircuitBreaker))));

  /**
   * Two or more decorators, as {@link #general} needs it (neither {@code @Cached},
   * {@code @Fallback} nor {@code @Batched}): one of the others and a decor annotation beside it.
   */
  pointcut several(): (@annotation(dev.decor.Timed)
          && execution(@(dev.decor.* && !dev.decor.Timed) * *(..)))
      || (@annotation(dev.decor.Retry) && execution(@(dev.decor.* && !dev.decor.Retry) * *(..)))
      || (@annotation(dev.decor.Timeout)
          && execution(@(dev.decor.* && !dev.decor.Timeout) * *(..)))
      || (@annotation(dev.decor.ConcurrencyLimit)
          && execution(@(dev.decor.* && !dev.decor.ConcurrencyLimit) * *(..)))
      || (@annotation(dev.decor.CircuitBreaker)
          && execution(@(dev.decor.* && !dev.decor.CircuitBreaker) * *(..)))
      || ((@annotation(dev.decor.NoGrad) || @annotation(dev.decor.InferenceMode))
          && execution(@(dev.decor.* && !dev.decor.NoGrad && !dev.decor.InferenceMode) * *(..)));

  /** Only decorators the shapes do not name (one added later): the general path. */
  pointcut unnamed(): !@annotation(dev.decor.Timed) && !@annotation(dev.decor.Retry)
      && !@annotation(dev.decor.Timeout) && !@annotation(dev.decor.ConcurrencyLimit)
      && !@annotation(dev.decor.CircuitBreaker) && !@annotation(dev.decor.NoGrad)
      && !@annotation(dev.decor.InferenceMode) && !@annotation(dev.decor.Cached)
      && !@annotation(dev.decor.Fallback) && !@annotation(dev.decor.Batched);

  /**
   * {@code Shape.GENERAL} with a cache or a fallback: the key, or the fallback's call, needs the
   * arguments.
   */
  pointcut withArguments(): decoratedExecution()
      && (@annotation(dev.decor.Cached) || @annotation(dev.decor.Fallback) || tagged())
      && !@annotation(dev.decor.Batched) && !fallbackOnly();

  /**
   * A cache with no {@code @Timed} around it, on one or two parameters: a hit is answered by an
   * advice of its own, in front of the cached advice. The cached advice cannot answer it without
   * cost: it passes a closure on a miss, so ajc calls it through one, built on every call.
   */
  pointcut hitFirst(): withArguments() && @annotation(dev.decor.Cached)
      && !@annotation(dev.decor.Timed) && !@annotation(dev.decor.Fallback)
      && (oneArg() || twoArgs());
  // Mirrors Shape.cacheFirst (no decorator outside the cache: @Timed, @Fallback). Where the two ever disagree, the
  // engine's Chain.cachedHit answers MISS and the execution proceeds into the cached advice.

  /** One parameter: the cached advices bind it ({@code args(a)}), building no join point. */
  pointcut oneArg(): execution(* *(*));

  pointcut twoArgs(): execution(* *(*, *));

  pointcut otherArity(): !oneArg() && !twoArgs();

  /**
   * A {@code @Batched} execution (with or without {@code @Timed}/{@code @Cached}): its body never
   * runs; the chain queues the argument and the batch method, found once per join point, runs on
   * a worker through a method handle.
   */
  pointcut batched(): decoratedExecution() && @annotation(dev.decor.Batched);

  /** An instance execution; the advice then skips generated wrappers' receivers ({@link #wrapped}). */
  pointcut instance(Object self): this(self);

  pointcut statik(): execution(static * *(..));

  /**
   * The marker {@link Weaving} reads: every method carrying a decor annotation that this aspect's
   * weaver reaches is annotated {@link WovenByDecor}, at compile time and at load time alike.
   */
  declare @method: @(dev.decor.*) * *(..): @WovenByDecor;

  /**
   * The woven classes whose chains {@link #buildChains} builds when they are initialised: those
   * declaring (or inheriting) a decor-annotated method, marked {@link WovenByDecor} at weave time.
   * ({@code hasmethod} needs {@code -XhasMember} where this aspect is compiled, not where it is
   * woven.) Generated wrappers decorate their own methods.
   */
  declare @type: (hasmethod(@(dev.decor.*) * *(..)) && !dev.decor.Decorated+
      && !dev.decor.aspect..*): @WovenByDecor;

  /**
   * A woven class's chains exist once it is initialised, as a generated wrapper's do: what
   * building registers (a method's retry, cache and timer) can be looked up from then on, e.g.
   * {@code Retries.get("ImageStore.fetch")} at start-up, not only after the first call. Before the
   * class's own static initialiser, so that it finds them too.
   */
  @SuppressAjWarnings("adviceDidNotMatch")
  before(): staticinitialization(@WovenByDecor *) {
    type = thisJoinPointStaticPart.getSignature().getDeclaringType();
    buildChains(type);
  }

  /** Weaving-matched-nothing lint only; empty, so the JIT removes it. */
  before(): decoratedExecution() {}

  // A grad-only execution on a virtual thread, where grad mode cannot be entered inline: the
  // engine runs the body on a model thread, through the closure. The if() tests make this pair and
  // the next dynamically disjoint; declared first, this one is the outer advice, and building its
  // closure is part of its own branch, so a platform thread never pays for it.
  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): gradOnly() && instance(self) && virtualThread() {
    if (wrapped(self)) {
      return proceed(self);
    }
    return run(thisJoinPointStaticPart, self, null, () -> proceed(self));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): gradOnly() && statik() && virtualThread() {
    return run(thisJoinPointStaticPart, null, null, () -> proceed());
  }

  // proceed() directly in the advice body and no lambda (a lambda, or any proceed in one, makes
  // ajc call the advice with a closure instead): ajc inlines these into the woven method, so a
  // call builds no closure at all.
  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): gradOnly() && instance(self) && platformThread() {
    if (wrapped(self)) {
      return proceed(self);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    GradThread thread = gradThread(chain);
    long token = chain.enterGrad(thread, self);
    Object result;
    try {
      result = proceed(self);
    } finally {
      chain.exitGrad(thread, self, token);
    }
    return chain.gradResult(self, result);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): gradOnly() && statik() && platformThread() {
    Chain chain = chainOf(thisJoinPointStaticPart);
    GradThread thread = gradThread(chain);
    long token = chain.enterGrad(thread, null);
    Object result;
    try {
      result = proceed();
    } finally {
      chain.exitGrad(thread, null, token);
    }
    return chain.gradResult(null, result);
  }

  // The timing and retry hooks around a direct proceed: no lambda in the body, so ajc inlines
  // these four too. The chain throws exactly what the method threw (sound to rethrow unchecked).
  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): timedOnly() && instance(self) {
    if (wrapped(self)) {
      return proceed(self);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    long start = chain.timedStart();
    Object result;
    try {
      result = proceed(self);
    } catch (Throwable failure) {
      chain.timedFailed(start, failure);
      throw DecorAspect.<RuntimeException>rethrow(failure);
    }
    return chain.timedEnd(start, result);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): timedOnly() && statik() {
    Chain chain = chainOf(thisJoinPointStaticPart);
    long start = chain.timedStart();
    Object result;
    try {
      result = proceed();
    } catch (Throwable failure) {
      chain.timedFailed(start, failure);
      throw DecorAspect.<RuntimeException>rethrow(failure);
    }
    return chain.timedEnd(start, result);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): retryOnly() && instance(self) {
    if (wrapped(self)) {
      return proceed(self);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object state = null;
    while (true) {
      Object result;
      try {
        result = proceed(self);
      } catch (Throwable failure) {
        state = retryFailed(chain, state, failure);
        continue;
      }
      chain.retrySucceeded(state);
      return result;
    }
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): retryOnly() && statik() {
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object state = null;
    while (true) {
      Object result;
      try {
        result = proceed();
      } catch (Throwable failure) {
        state = retryFailed(chain, state, failure);
        continue;
      }
      chain.retrySucceeded(state);
      return result;
    }
  }

  // The resilience decorators' hooks around a direct proceed, as the timing and retry ones above:
  // no lambda, so ajc inlines these too. Their failure paths call small static helpers, so that the
  // JIT compiles only the success path into the advice (a finally block would be compiled twice):
  // an advice whose compiled code outgrows InlineSmallCode (2500 bytes) is not inlined into the
  // woven method, and the method's boxed result escapes.
  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): retryJudged() && instance(self) {
    if (wrapped(self)) {
      return proceed(self);
    }
    Object retry = chainOf(thisJoinPointStaticPart).retryEnter();
    long start = Chain.retryStart(retry);
    while (true) {
      Object result;
      try {
        result = proceed(self);
      } catch (Throwable failure) {
        retry = retryFailed(retry, failure, start);
        continue;
      }
      Object next = Chain.retryResult(retry, result, start);
      if (next == Chain.RETRY_DONE) {
        return result;
      }
      retry = next;
    }
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): retryJudged() && statik() {
    Object retry = chainOf(thisJoinPointStaticPart).retryEnter();
    long start = Chain.retryStart(retry);
    while (true) {
      Object result;
      try {
        result = proceed();
      } catch (Throwable failure) {
        retry = retryFailed(retry, failure, start);
        continue;
      }
      Object next = Chain.retryResult(retry, result, start);
      if (next == Chain.RETRY_DONE) {
        return result;
      }
      retry = next;
    }
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): timeoutOnly() && instance(self) {
    if (wrapped(self)) {
      return proceed(self);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object token = chain.timeoutStart();
    Object result;
    try {
      result = proceed(self);
    } catch (Throwable failure) {
      throw timeoutFailed(chain, token, failure);
    }
    timeoutEnd(chain, token);
    return result;
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): timeoutOnly() && statik() {
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object token = chain.timeoutStart();
    Object result;
    try {
      result = proceed();
    } catch (Throwable failure) {
      throw timeoutFailed(chain, token, failure);
    }
    timeoutEnd(chain, token);
    return result;
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): limitOnly() && instance(self) {
    if (wrapped(self)) {
      return proceed(self);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object permit = chain.limitEnter();
    Object result;
    try {
      result = proceed(self);
    } catch (Throwable failure) {
      throw limitFailed(chain, permit, failure);
    }
    chain.limitExit(permit);
    return result;
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): limitOnly() && statik() {
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object permit = chain.limitEnter();
    Object result;
    try {
      result = proceed();
    } catch (Throwable failure) {
      throw limitFailed(chain, permit, failure);
    }
    chain.limitExit(permit);
    return result;
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): breakerOnly() && instance(self) {
    if (wrapped(self)) {
      return proceed(self);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object breaker = chain.breakerEnter();
    long start = chain.breakerStart(breaker);
    Object result;
    try {
      result = proceed(self);
    } catch (Throwable failure) {
      chain.breakerFailed(breaker, start, failure);
      throw DecorAspect.<RuntimeException>rethrow(failure);
    }
    chain.breakerSucceeded(breaker, start);
    return result;
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): breakerOnly() && statik() {
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object breaker = chain.breakerEnter();
    long start = chain.breakerStart(breaker);
    Object result;
    try {
      result = proceed();
    } catch (Throwable failure) {
      chain.breakerFailed(breaker, start, failure);
      throw DecorAspect.<RuntimeException>rethrow(failure);
    }
    chain.breakerSucceeded(breaker, start);
    return result;
  }

  // A lone fallback: the arguments are bound by the pointcut for one and two parameters, and read
  // from thisJoinPoint otherwise (ajc then builds the join point on every call, without a closure).
  // The chain is looked up before the body runs, as in the other advices, so a fallback target
  // the rules refuse fails the first call with its message, not only the first failure. The catch
  // only keeps the failure, and the one return picks the answer after it: a return inside the
  // catch would merge the fallback's answer with the body's boxed result in the caller, and the
  // JDK 17 JIT does not remove an allocation merged with another object (16 B a call on a
  // primitive result); this way a failure it never saw leaves the compiled code, and the box with it.
  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self, Object a): fallbackOnly() && instance(self) && oneArg() && args(a) {
    if (wrapped(self)) {
      return proceed(self, a);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object result;
    Throwable failed;
    try {
      result = proceed(self, a);
      failed = null;
    } catch (Throwable failure) {
      result = null;
      failed = failure;
    }
    return failed == null ? result : fallback(chain, self, new Object[] {a}, failed);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a): fallbackOnly() && statik() && oneArg() && args(a) {
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object result;
    Throwable failed;
    try {
      result = proceed(a);
      failed = null;
    } catch (Throwable failure) {
      result = null;
      failed = failure;
    }
    return failed == null ? result : fallback(chain, null, new Object[] {a}, failed);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self, Object a, Object b):
      fallbackOnly() && instance(self) && twoArgs() && args(a, b) {
    if (wrapped(self)) {
      return proceed(self, a, b);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object result;
    Throwable failed;
    try {
      result = proceed(self, a, b);
      failed = null;
    } catch (Throwable failure) {
      result = null;
      failed = failure;
    }
    return failed == null ? result : fallback(chain, self, new Object[] {a, b}, failed);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a, Object b): fallbackOnly() && statik() && twoArgs() && args(a, b) {
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object result;
    Throwable failed;
    try {
      result = proceed(a, b);
      failed = null;
    } catch (Throwable failure) {
      result = null;
      failed = failure;
    }
    return failed == null ? result : fallback(chain, null, new Object[] {a, b}, failed);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): fallbackOnly() && instance(self) && otherArity() {
    if (wrapped(self)) {
      return proceed(self);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object result;
    Throwable failed;
    try {
      result = proceed(self);
      failed = null;
    } catch (Throwable failure) {
      result = null;
      failed = failure;
    }
    return failed == null ? result : fallback(chain, self, thisJoinPoint.getArgs(), failed);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): fallbackOnly() && statik() && otherArity() {
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object result;
    Throwable failed;
    try {
      result = proceed();
      failed = null;
    } catch (Throwable failure) {
      result = null;
      failed = failure;
    }
    return failed == null ? result : fallback(chain, null, thisJoinPoint.getArgs(), failed);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): general() && instance(self) {
    if (wrapped(self)) {
      return proceed(self);
    }
    return run(thisJoinPointStaticPart, self, null, () -> proceed(self));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): general() && statik() {
    return run(thisJoinPointStaticPart, null, null, () -> proceed());
  }

  // A hit of a cache with nothing around it, answered in front of the cached advices below
  // (declared first, so it runs outside them): no lambda here, so ajc inlines it and a hit builds
  // no closure. A miss proceeds into the cached advice, which runs the chain.
  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self, Object a): hitFirst() && instance(self) && oneArg() && args(a) {
    if (!wrapped(self)) {
      Object hit = chainOf(thisJoinPointStaticPart).cachedHit(self, new Object[] {a});
      if (hit != Chain.MISS) {
        return hit;
      }
    }
    return proceed(self, a);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a): hitFirst() && statik() && oneArg() && args(a) {
    Object hit = chainOf(thisJoinPointStaticPart).cachedHit(null, new Object[] {a});
    return hit != Chain.MISS ? hit : proceed(a);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self, Object a, Object b):
      hitFirst() && instance(self) && twoArgs() && args(a, b) {
    if (!wrapped(self)) {
      Object hit = chainOf(thisJoinPointStaticPart).cachedHit(self, new Object[] {a, b});
      if (hit != Chain.MISS) {
        return hit;
      }
    }
    return proceed(self, a, b);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a, Object b): hitFirst() && statik() && twoArgs() && args(a, b) {
    Object hit = chainOf(thisJoinPointStaticPart).cachedHit(null, new Object[] {a, b});
    return hit != Chain.MISS ? hit : proceed(a, b);
  }

  // The chain of a cached execution, around a closure. One and two arguments are bound by the
  // pointcut, sparing the join point thisJoinPoint builds and the copy getArgs() returns; their
  // hits were answered above (a cache with @Timed around it has none to answer: the hit is timed).
  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self, Object a): withArguments() && instance(self) && oneArg() && args(a) {
    if (wrapped(self)) {
      return proceed(self, a);
    }
    return invoke(chainOf(thisJoinPointStaticPart), self, new Object[] {a},
        () -> proceed(self, a));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a): withArguments() && statik() && oneArg() && args(a) {
    return invoke(chainOf(thisJoinPointStaticPart), null, new Object[] {a}, () -> proceed(a));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self, Object a, Object b):
      withArguments() && instance(self) && twoArgs() && args(a, b) {
    if (wrapped(self)) {
      return proceed(self, a, b);
    }
    return invoke(chainOf(thisJoinPointStaticPart), self, new Object[] {a, b},
        () -> proceed(self, a, b));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object a, Object b): withArguments() && statik() && twoArgs() && args(a, b) {
    return invoke(chainOf(thisJoinPointStaticPart), null, new Object[] {a, b},
        () -> proceed(a, b));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): withArguments() && instance(self) && otherArity() {
    if (wrapped(self)) {
      return proceed(self);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object[] args = thisJoinPoint.getArgs();
    Object hit = chain.cachedHit(self, args);
    return hit != Chain.MISS ? hit : invoke(chain, self, args, () -> proceed(self));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): withArguments() && statik() && otherArity() {
    Chain chain = chainOf(thisJoinPointStaticPart);
    Object[] args = thisJoinPoint.getArgs();
    Object hit = chain.cachedHit(null, args);
    return hit != Chain.MISS ? hit : invoke(chain, null, args, () -> proceed());
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): batched() && instance(self) {
    if (wrapped(self)) {
      return proceed(self);
    }
    return batch(thisJoinPointStaticPart, self, thisJoinPoint.getArgs());
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): batched() && statik() {
    return batch(thisJoinPointStaticPart, null, thisJoinPoint.getArgs());
  }

  /** Queues the one argument of a {@code @Batched} execution; rethrows as {@link #run} does. */
  private Object batch(JoinPoint.StaticPart joinPoint, Object self, Object[] args) {
    Chain chain = chainOf(joinPoint);
    try {
      return chain.invokeWovenBatched(self, args[0]);
    } catch (Throwable t) {
      throw DecorAspect.<RuntimeException>rethrow(t);
    }
  }

  /** The thread's grad state for a {@link #platformThread} advice, which that test guarantees. */
  private static GradThread gradThread(Chain chain) {
    GradThread thread = chain.gradThread();
    if (thread == null) {
      throw new IllegalStateException(chain + " entered inline on a virtual thread");
    }
    return thread;
  }

  /** {@link Chain#retryFailed}: waits and returns the next state, or rethrows the failure. */
  private static Object retryFailed(Chain chain, Object state, Throwable failure) {
    try {
      return chain.retryFailed(state, failure);
    } catch (Throwable t) {
      throw DecorAspect.<RuntimeException>rethrow(t);
    }
  }

  /**
   * {@link Chain#retryFailed(Object, Throwable, long)}: waits and returns the call's next token, or
   * rethrows.
   */
  private static Object retryFailed(Object retry, Throwable failure, long start) {
    try {
      return Chain.retryFailed(retry, failure, start);
    } catch (Throwable t) {
      throw DecorAspect.<RuntimeException>rethrow(t);
    }
  }

  /**
   * {@link Chain#timeoutFailed}: what the advice throws for the body's {@code failure}, the
   * timeout if the deadline passed.
   */
  private static RuntimeException timeoutFailed(Chain chain, Object token, Throwable failure) {
    try {
      chain.timeoutFailed(token, failure);
    } catch (Throwable timeout) {
      throw DecorAspect.<RuntimeException>rethrow(timeout);
    }
    throw DecorAspect.<RuntimeException>rethrow(failure);
  }

  /** {@link Chain#timeoutEnd}: throws the timeout if the body returned late. */
  private static void timeoutEnd(Chain chain, Object token) {
    try {
      chain.timeoutEnd(token);
    } catch (Throwable timeout) {
      throw DecorAspect.<RuntimeException>rethrow(timeout);
    }
  }

  /** {@link Chain#limitExit} after the body threw {@code failure}, which it then rethrows. */
  private static RuntimeException limitFailed(Chain chain, Object permit, Throwable failure) {
    chain.limitExit(permit);
    throw DecorAspect.<RuntimeException>rethrow(failure);
  }

  /** {@link Chain#fallback}: the fallback's answer, or {@code failure} rethrown. */
  private static Object fallback(Chain chain, Object self, Object[] args, Throwable failure) {
    try {
      return chain.fallback(self, args, failure);
    } catch (Throwable t) {
      throw DecorAspect.<RuntimeException>rethrow(t);
    }
  }

  /**
   * Whether {@code self} is a generated wrapper, whose override already ran the chain and now
   * calls this method through {@code super}. The usual receiver's class is this aspect's woven
   * class, the one declaring the method, which is never a wrapper ({@code !within(Decorated+)}):
   * comparing classes first spares it the {@code instanceof} test against an interface, which it
   * would fail the slow way (a scan of its secondary supertypes, ~25 ns on JDK 17).
   */
  private boolean wrapped(Object self) {
    return self.getClass() != type && self instanceof Decorated;
  }

  /**
   * Runs the join point's chain around {@code body}. Advice may only throw what the advised method
   * declares; the chain throws exactly what the method threw, so rethrowing it unchecked is sound.
   */
  private Object run(JoinPoint.StaticPart joinPoint, Object self, Object[] args, Invocation body) {
    return invoke(chainOf(joinPoint), self, args, body);
  }

  /** {@link #run} with the chain already found. */
  private static Object invoke(Chain chain, Object self, Object[] args, Invocation body) {
    try {
      return chain.invoke(self, args, body);
    } catch (Throwable t) {
      throw DecorAspect.<RuntimeException>rethrow(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T rethrow(Throwable t) throws T {
    throw (T) t;
  }

  /**
   * Builds the chain of each decorated method execution woven into {@code type}, by its join
   * point's id, as {@link #chainOf} looks it up: the static parts ajc adds to a woven class
   * ({@code ajc$tjp_N}), which its static initialiser has just set. Built from the
   * join point exactly as a first call builds it (the same parameter names in messages). A chain
   * that cannot be built here is left to the first call: an invalid method fails there with its
   * message, and a class in a named module that does not open its package to decor gets its
   * chains there, as before.
   */
  private void buildChains(Class<?> type) {
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || !field.getName().startsWith("ajc$tjp_")
          || !JoinPoint.StaticPart.class.isAssignableFrom(field.getType())) {
        continue;
      }
      try {
        field.setAccessible(true);
        JoinPoint.StaticPart part = (JoinPoint.StaticPart) field.get(null);
        if (part != null && JoinPoint.METHOD_EXECUTION.equals(part.getKind())
            && part.getSignature() instanceof MethodSignature signature
            && MethodKey.hasDecorAnnotation(signature.getMethod())) {
          chain(part);
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // Left to the first call (see above): a class must initialise whatever its methods say.
      }
    }
  }

  /**
   * The join point's chain, by its id in this aspect's class ({@link ChainTable#chain}): a private
   * method of the aspect, which ajc gives the woven classes an accessor to.
   */
  private Chain chainOf(JoinPoint.StaticPart joinPoint) {
    return chain(joinPoint);
  }
}
