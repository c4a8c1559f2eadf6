package dev.decor.aspect;

import dev.decor.Decorated;
import dev.decor.engine.internal.Chain;
import dev.decor.internal.Shape;
import dev.decor.kernel.Invocation;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.annotation.SuppressAjWarnings;

/**
 * Applies decor's annotations to the default and static methods of woven interfaces, which
 * {@link DecorAspect} cannot reach: it is one aspect per woven class ({@code pertypewithin}), and
 * ajc makes no per-type instance for an interface. Every such execution takes the general path —
 * the method's chain around the body's closure, with the arguments from the join point — as
 * stacked decorators do in {@link DecorAspect}; decorated interface methods are rare, and this
 * keeps one path for all of them. Generated wrappers' receivers are skipped, as there.
 *
 * <p>Each interface's chains are kept by join point id in a {@link ChainTable} of a
 * {@link ClassValue} of the interface, so they go when the interface is unloaded. Thread-safe.
 */
public aspect DecorInterfaceAspect {
  private static final ClassValue<ChainTable> TABLES = new ClassValue<>() {
    @Override
    protected ChainTable computeValue(Class<?> type) {
      return new ChainTable();
    }
  };

  /** An execution of a decorated method declared by an interface (default, static, private). */
  pointcut interfaceExecution(): execution(@(dev.decor.*) * *(..))
      && within(is(InterfaceType)) && !within(dev.decor.Decorated+);

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(Object self): interfaceExecution() && this(self) {
    if (self instanceof Decorated) {
      return proceed(self); // a generated wrapper's super call: the wrapper ran the chain
    }
    return run(thisJoinPointStaticPart, self, thisJoinPoint.getArgs(), () -> proceed(self));
  }

  @SuppressAjWarnings("adviceDidNotMatch")
  Object around(): interfaceExecution() && execution(static * *(..)) {
    return run(thisJoinPointStaticPart, null, thisJoinPoint.getArgs(), () -> proceed());
  }

  /**
   * Runs the join point's chain around {@code body} ({@code @Batched}: queues the argument).
   * Advice may only throw what the advised method declares; the chain throws exactly what the
   * method threw, so rethrowing it unchecked is sound.
   */
  private static Object run(JoinPoint.StaticPart joinPoint, Object self, Object[] args,
      Invocation body) {
    Chain chain = TABLES.get(joinPoint.getSignature().getDeclaringType()).chain(joinPoint);
    try {
      return chain.shape() == Shape.BATCHED ? chain.invokeWovenBatched(self, args[0])
          : chain.invoke(self, args, body);
    } catch (Throwable t) {
      throw DecorInterfaceAspect.<RuntimeException>rethrow(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T rethrow(Throwable t) throws T {
    throw (T) t;
  }
}
