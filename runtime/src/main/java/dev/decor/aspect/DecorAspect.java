package dev.decor.aspect;

import dev.decor.internal.Chain;
import dev.decor.internal.Chains;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Pointcut;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Applies decor's annotations to woven methods — mode 2 of decor, for private, static and final
 * methods and for objects a framework creates, where no generated wrapper can reach.
 *
 * <h2>Design: one advice per method, not one per annotation</h2>
 * A method's {@link Chain} already applies <em>all</em> of its decor annotations in the fixed
 * order of {@link dev.decor.internal.Order} ({@code @Timed} → {@code @Cached} → {@code @Retry} →
 * {@code @NoGrad}/{@code @InferenceMode}), exactly as a generated wrapper does. So a single
 * around advice matches an execution carrying <em>any</em> decor annotation and runs that chain
 * once. Precedence between decor's decorators therefore comes from {@code Order} itself and
 * cannot drift from the generated wrappers; there is nothing to declare between aspects.
 * Per-annotation aspects would each need a one-decorator chain and a generated
 * {@code @DeclarePrecedence}, and would cost a closure per annotation on every call.
 *
 * <h2>Exactly once</h2>
 * Executions whose {@code this} is a generated {@link dev.decor.Decorated} wrapper are skipped:
 * the wrapper's own override (not even woven: {@code !within(Decorated+)}) and its {@code super}
 * call into the user's class (a run-time {@code instanceof} test) both run with a
 * {@code Decorated} receiver, and the wrapper already ran the chain.
 *
 * <p>Stateless apart from a chain per join point, built on the first call from the annotation
 * values (invalid values fail that call, and every later one, with the same
 * {@link dev.decor.internal.Messages} text the processor reports). Thread-safe.
 */
@Aspect
public class DecorAspect {
  private final Map<JoinPoint.StaticPart, Chain> chains = new ConcurrentHashMap<>();

  /** An execution of a method carrying any decor annotation. */
  @Pointcut("execution(* *(..)) && (@annotation(dev.decor.Timed) || @annotation(dev.decor.Cached)"
      + " || @annotation(dev.decor.Retry) || @annotation(dev.decor.NoGrad)"
      + " || @annotation(dev.decor.InferenceMode))")
  void decoratedExecution() {}

  /**
   * Runs the method's chain around its body, unless a generated wrapper already does: wrappers'
   * own methods are not woven at all, and their {@code super} calls are skipped at run time.
   */
  @Around("decoratedExecution() && !within(dev.decor.Decorated+) && !this(dev.decor.Decorated)")
  public Object decorate(ProceedingJoinPoint pjp) throws Throwable {
    Chain chain = chainOf(pjp.getStaticPart());
    Object[] args = chain.needsArguments() ? pjp.getArgs() : null;
    return chain.invoke(pjp.getThis(), args, pjp::proceed);
  }

  private Chain chainOf(JoinPoint.StaticPart joinPoint) {
    Chain chain = chains.get(joinPoint);
    if (chain == null) {
      // Not cached on failure: an invalid method keeps failing with its message.
      chain = Chains.forMethod(((MethodSignature) joinPoint.getSignature()).getMethod());
      chains.putIfAbsent(joinPoint, chain);
    }
    return chain;
  }
}
