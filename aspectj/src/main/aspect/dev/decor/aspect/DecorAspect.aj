package dev.decor.aspect;

import dev.decor.Decorated;
import dev.decor.engine.Chain;
import dev.decor.engine.Chains;
import dev.decor.engine.Invocation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * around advice below matches an execution carrying <em>any</em> decor annotation and runs that
 * chain once; precedence comes from {@code Order} itself and cannot drift from the wrappers.
 *
 * <h2>Why a code-style aspect, and eight around advices</h2>
 * An annotation-style {@code @Around} advice taking a {@code ProceedingJoinPoint} makes ajc build
 * a join point object (with an argument array) and a closure on every call. Here the chain is
 * found through {@code thisJoinPointStaticPart} (a static constant of the woven class) and the
 * receiver is bound by the pointcut, so no join point is built per call; only {@code @Cached}
 * methods, whose key needs the arguments, use {@code thisJoinPoint.getArgs()}. Methods whose only
 * decorator is {@code @NoGrad}/{@code @InferenceMode} (which proceeds exactly once) call the
 * engine before and after a direct {@code proceed}, which ajc inlines into the woven method: no
 * closure, nothing allocated. The others pass {@code () -> proceed(..)} to the engine, which
 * needs a closure (ajc's {@code AroundClosure}). Binding {@code this} takes separate advices for
 * instance and static executions. The pointcuts are disjoint: exactly one around advice applies
 * to a decorated execution. The empty {@code before} advice matches every one of them and carries
 * the {@code adviceDidNotMatch} lint that tells a consumer their weaver matched nothing; the
 * around advices suppress it, as a module need not use all eight. {@code @Batched} executions
 * have two of their own, as their body never runs.
 *
 * <h2>Exactly once</h2>
 * Executions whose {@code this} is a generated {@link dev.decor.Decorated} wrapper are skipped:
 * the wrapper's own override (not even woven: {@code !within(Decorated+)}) and its {@code super}
 * call into the user's class (a run-time test at the top of each instance advice,
 * {@link #wrapped}) both run with a {@code Decorated} receiver, and the wrapper already ran the
 * chain.
 *
 * <p>Stateless apart from a chain per join point, built on the first call from the annotation
 * values (invalid values fail that call, and every later one, with the same
 * {@link dev.decor.spec.Messages} text the processor reports). Thread-safe.
 */
public aspect DecorAspect {
  private final Map<JoinPoint.StaticPart, Chain> chains = new ConcurrentHashMap<>();

  /** An execution of a method carrying any decor annotation, outside generated wrappers. */
  pointcut decoratedExecution(): execution(* *(..)) && !within(dev.decor.Decorated+)
      && (@annotation(dev.decor.Timed) || @annotation(dev.decor.Cached)
      || @annotation(dev.decor.Retry) || @annotation(dev.decor.NoGrad)
      || @annotation(dev.decor.InferenceMode) || @annotation(dev.decor.Batched));

  /** Only {@code @NoGrad}/{@code @InferenceMode}: proceeds exactly once, no closure needed. */
  pointcut gradOnly(): decoratedExecution() && !@annotation(dev.decor.Timed)
      && !@annotation(dev.decor.Cached) && !@annotation(dev.decor.Retry)
      && !@annotation(dev.decor.Batched);

  pointcut uncached(): decoratedExecution() && !@annotation(dev.decor.Cached)
      && !@annotation(dev.decor.Batched)
      && (@annotation(dev.decor.Timed) || @annotation(dev.decor.Retry));

  pointcut cached(): decoratedExecution() && @annotation(dev.decor.Cached)
      && !@annotation(dev.decor.Batched);

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
  declare @method: @(dev.decor.Timed || dev.decor.Cached || dev.decor.Retry || dev.decor.NoGrad
      || dev.decor.InferenceMode || dev.decor.Batched) * *(..): @WovenByDecor;

  /** Weaving-matched-nothing lint only; empty, so the JIT removes it. */
  before(): decoratedExecution() {}

  // proceed() directly in the advice body: ajc inlines these two into the woven method, so a call
  // builds no closure at all.
  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): gradOnly() && instance(self) {
    if (wrapped(self, thisJoinPointStaticPart)) {
      return proceed(self);
    }
    Chain chain = chainOf(thisJoinPointStaticPart);
    if (!chain.gradInlinable()) {
      return invoke(chain, self, null, () -> proceed(self));
    }
    long token = chain.enterGrad(self);
    Object result;
    try {
      result = proceed(self);
    } finally {
      chain.exitGrad(self, token);
    }
    return chain.gradResult(self, result);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): gradOnly() && statik() {
    Chain chain = chainOf(thisJoinPointStaticPart);
    if (!chain.gradInlinable()) {
      return invoke(chain, null, null, () -> proceed());
    }
    long token = chain.enterGrad(null);
    Object result;
    try {
      result = proceed();
    } finally {
      chain.exitGrad(null, token);
    }
    return chain.gradResult(null, result);
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): uncached() && instance(self) {
    if (wrapped(self, thisJoinPointStaticPart)) {
      return proceed(self);
    }
    return run(thisJoinPointStaticPart, self, null, () -> proceed(self));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): uncached() && statik() {
    return run(thisJoinPointStaticPart, null, null, () -> proceed());
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): cached() && instance(self) {
    if (wrapped(self, thisJoinPointStaticPart)) {
      return proceed(self);
    }
    return run(thisJoinPointStaticPart, self, thisJoinPoint.getArgs(), () -> proceed(self));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): cached() && statik() {
    return run(thisJoinPointStaticPart, null, thisJoinPoint.getArgs(), () -> proceed());
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): batched() && instance(self) {
    if (wrapped(self, thisJoinPointStaticPart)) {
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

  /**
   * Whether {@code self} is a generated wrapper, whose override already ran the chain and now
   * calls this method through {@code super}. The usual receiver's class is the one declaring the
   * method, which is never a wrapper ({@code !within(Decorated+)}): comparing classes first spares
   * it the {@code instanceof} test against an interface, which it would fail the slow way (a scan
   * of its secondary supertypes, ~25 ns on JDK 17).
   */
  private static boolean wrapped(Object self, JoinPoint.StaticPart joinPoint) {
    return self.getClass() != joinPoint.getSignature().getDeclaringType()
        && self instanceof Decorated;
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

  private Chain chainOf(JoinPoint.StaticPart joinPoint) {
    Chain chain = chains.get(joinPoint);
    if (chain == null) {
      // Not cached on failure: an invalid method keeps failing with its message.
      MethodSignature signature = (MethodSignature) joinPoint.getSignature();
      chain = Chains.forMethod(signature.getMethod(), signature.getParameterNames());
      chains.putIfAbsent(joinPoint, chain);
    }
    return chain;
  }
}
