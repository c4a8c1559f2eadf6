package dev.decor.engine;

import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.Messages;
import dev.decor.spec.Order;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.Spec;
import dev.decor.spec.TimedSpec;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only way to build a {@link Chain}. Generated wrappers call {@link #of} with literal specs;
 * the aspects call {@link #forMethod}, which reads the annotations once per method.
 *
 * <p>Thread-safe.
 */
public final class Chains {
  private static final Map<Method, Chain> BY_METHOD = new ConcurrentHashMap<>();

  private Chains() {}

  /**
   * Builds the chain of {@code key}'s method from its specs (any order; at most one per decorator
   * family).
   *
   * @throws IllegalArgumentException with a {@link Messages} text when the combination is invalid
   *     (e.g. {@code @Cached} on a void method)
   */
  public static Chain of(MethodKey key, Spec... specs) {
    Map<Order, Spec> byOrder = new EnumMap<>(Order.class);
    for (Spec spec : specs) {
      Spec previous = byOrder.put(spec.order(), spec);
      if (previous != null) {
        if (spec.order() == Order.GRAD) {
          throw new IllegalArgumentException(Messages.gradConflict(signature(key)));
        }
        throw new IllegalArgumentException("Two " + spec.order() + " specs for " + key);
      }
    }
    ReturnKind kind = ReturnKind.of(key.returnType());
    TimedSpec timed = (TimedSpec) byOrder.get(Order.TIMED);
    CachedSpec cached = (CachedSpec) byOrder.get(Order.CACHED);
    RetrySpec retry = (RetrySpec) byOrder.get(Order.RETRY);
    GradSpec grad = (GradSpec) byOrder.get(Order.GRAD);
    if (cached != null && kind == ReturnKind.VOID) {
      throw new IllegalArgumentException(Messages.cachedOnVoid(signature(key)));
    }
    return new Chain(
        key,
        timed == null ? null : new TimedDecorator(key, timed, kind),
        cached == null ? null : new CachedDecorator(key, cached),
        retry == null ? null : new RetryDecorator(key, retry, kind),
        grad == null ? null : new GradDecorator(grad, kind));
  }

  /**
   * The chain for a reflected method, built from its annotations on first use and cached.
   *
   * @throws IllegalArgumentException as {@link #of} and the specs do, on every call for an
   *     invalid method (it is never cached)
   */
  public static Chain forMethod(Method method) {
    Chain chain = BY_METHOD.get(method);
    if (chain == null) {
      chain = BY_METHOD.computeIfAbsent(method, m -> of(MethodKey.of(m), specsOf(m)));
    }
    return chain;
  }

  /** Reads decor's annotations of {@code method} into specs, validating their values. */
  public static Spec[] specsOf(Method method) {
    List<Spec> specs = new ArrayList<>(4);
    Timed timed = method.getAnnotation(Timed.class);
    if (timed != null) {
      specs.add(TimedSpec.of(timed.value(), timed.log()));
    }
    Cached cached = method.getAnnotation(Cached.class);
    if (cached != null) {
      specs.add(CachedSpec.of(cached.maxSize(), cached.expireAfterWrite(), cached.name()));
    }
    Retry retry = method.getAnnotation(Retry.class);
    if (retry != null) {
      specs.add(RetrySpec.of(retry.maxAttempts(), retry.delay(), retry.multiplier(),
          retry.maxDelay(), retry.jitter(), retry.retryOn(), retry.ignore()));
    }
    if (method.isAnnotationPresent(NoGrad.class)) {
      specs.add(GradSpec.NO_GRAD);
    }
    if (method.isAnnotationPresent(InferenceMode.class)) {
      specs.add(GradSpec.INFERENCE);
    }
    return specs.toArray(new Spec[0]);
  }

  /** {@code name(ParamType, …)} as messages show a method. */
  static String signature(MethodKey key) {
    StringBuilder sb = new StringBuilder(key.methodName()).append('(');
    Class<?>[] params = key.parameterTypes();
    for (int i = 0; i < params.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(params[i].getSimpleName());
    }
    return sb.append(')').toString();
  }
}
