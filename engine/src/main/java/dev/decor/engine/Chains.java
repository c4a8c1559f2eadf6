package dev.decor.engine;

import dev.decor.spec.CachedSpec;
import dev.decor.spec.Description;
import dev.decor.spec.GradSpec;
import dev.decor.spec.Messages;
import dev.decor.spec.Order;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.Spec;
import dev.decor.spec.TimedSpec;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    if (kind == ReturnKind.ASYNC && (cached != null || retry != null)
        && key.returnType() != CompletableFuture.class
        && key.returnType() != CompletionStage.class) {
      throw new IllegalArgumentException(Messages.asyncReturnType(
          cached != null ? "Cached" : "Retry", signature(key), key.returnType().getSimpleName()));
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

  /**
   * Reads decor's annotations of {@code method} into specs, validating their values: one loop
   * over the annotations' {@link Description}s, the same ones the processor generates code from.
   */
  public static Spec[] specsOf(Method method) {
    List<Spec> specs = new ArrayList<>(4);
    for (Description<?, ?> description : Description.all()) {
      Annotation annotation = method.getAnnotation(description.annotationType());
      if (annotation != null) {
        specs.add(description.read(annotation));
      }
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
