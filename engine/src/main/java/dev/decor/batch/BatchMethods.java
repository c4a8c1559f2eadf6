package dev.decor.batch;

import dev.decor.kernel.MethodKey;
import dev.decor.spec.BatchedSpec;
import dev.decor.internal.Messages;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds a woven {@code @Batched} method's batch method, once per join point, with the processor's
 * rules and messages: declared by the same class (or inherited), not private, {@code List<In>} in and
 * {@code List<Out>} out, static exactly when the batched method is, and throwing no checked
 * exception that a synchronous batched method does not declare. The result is a
 * {@link MethodHandle}, so a call reflects nothing.
 */
public final class BatchMethods {
  private BatchMethods() {}

  /**
   * The handle of {@code single}'s batch method: {@code (List)List} for a static method, else
   * {@code (receiver, List)List}, dispatching virtually (the batch method's own decorators apply).
   *
   * @throws IllegalArgumentException {@code [decor/BatchMethod]} when there is no such method
   */
  public static MethodHandle find(Method single, BatchedSpec spec) {
    String name = spec.method();
    Type in = boxed(single.getGenericParameterTypes()[0]);
    Type out = boxed(itemResult(single.getGenericReturnType()));
    String signature = MethodKey.of(single).signature();
    String expected = "'List<" + simple(out) + "> " + name + "(List<" + simple(in) + ">)'";
    Method match = null;
    boolean named = false;
    for (Class<?> c = single.getDeclaringClass(); c != null && match == null;
        c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name)) {
          named = true;
          if (m.getParameterCount() == 1 && isListOf(m.getGenericParameterTypes()[0], in)
              && isListOf(m.getGenericReturnType(), out)) {
            match = m;
          }
        }
      }
    }
    String problem = !named ? "does not exist"
        : match == null ? "does not take List<" + simple(in) + "> and return List<" + simple(out)
            + ">"
        : Modifier.isPrivate(match.getModifiers())
            ? "is private (decor calls it through the receiver)"
        : Modifier.isStatic(match.getModifiers()) != Modifier.isStatic(single.getModifiers())
            ? (Modifier.isStatic(match.getModifiers())
                ? "is static (decor calls it on the receiver of the batched calls)"
                : "is not static, like the batched method")
        : null;
    if (problem != null) {
      throw new IllegalArgumentException(Messages.batchMethod(signature, name, problem, expected));
    }
    if (!isFuture(single.getReturnType())) {
      checkThrows(single, match, signature);
    }
    try {
      match.setAccessible(true);
      return MethodHandles.lookup().unreflect(match);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(Messages.batchMethod(signature, name,
          "decor cannot call (" + e + ")", expected), e);
    }
  }

  /**
   * The handle of {@code single}'s {@code cost} method, found as the processor finds it: declared
   * by the same class (or inherited), not private, static exactly when {@code single} is, taking
   * the item's type and returning {@code long} or {@code int}; {@code (In)long} or
   * {@code (receiver, In)long}. Without {@code maxCost} a cost method is an error too.
   *
   * @throws IllegalArgumentException {@code [decor/BatchCost]}
   */
  public static MethodHandle cost(Method single, BatchedSpec spec) {
    String signature = MethodKey.of(single).signature();
    String name = spec.cost();
    if (spec.maxCost() == 0) {
      throw new IllegalArgumentException(Messages.batchCostWithoutMaxCost(signature, name));
    }
    Class<?> in = single.getParameterTypes()[0];
    Method match = null;
    for (Class<?> c = single.getDeclaringClass(); c != null && match == null;
        c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == 1
            && m.getParameterTypes()[0].isAssignableFrom(in)
            && (m.getReturnType() == long.class || m.getReturnType() == int.class)
            && !Modifier.isPrivate(m.getModifiers())
            && Modifier.isStatic(m.getModifiers()) == Modifier.isStatic(single.getModifiers())) {
          match = m;
        }
      }
    }
    if (match == null) {
      throw new IllegalArgumentException(
          Messages.batchCostNotFound(signature, name, in.getSimpleName()));
    }
    try {
      match.setAccessible(true);
      MethodHandle h = MethodHandles.lookup().unreflect(match);
      return h.asType(h.type().changeReturnType(long.class)
          .changeParameterType(h.type().parameterCount() - 1, Object.class)
          .changeParameterType(0, Object.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(Messages.batchCost(signature,
          "names cost method '" + name + "', which decor cannot call (" + e + ")"), e);
    }
  }

  /**
   * The processor's {@code [decor/BatchThrows]}: a synchronous {@code single} must declare each
   * checked exception its batch method declares, which its callers get as it is.
   */
  private static void checkThrows(Method single, Method batch, String signature) {
    for (Class<?> thrown : batch.getExceptionTypes()) {
      if (RuntimeException.class.isAssignableFrom(thrown) || Error.class.isAssignableFrom(thrown)) {
        continue;
      }
      boolean declared = false;
      for (Class<?> d : single.getExceptionTypes()) {
        declared |= d.isAssignableFrom(thrown);
      }
      if (!declared) {
        throw new IllegalArgumentException(
            Messages.batchThrows(signature, batch.getName(), thrown.getSimpleName()));
      }
    }
  }

  private static boolean isFuture(Class<?> returned) {
    return returned == CompletableFuture.class || returned == CompletionStage.class;
  }

  private static Type itemResult(Type returned) {
    if (returned instanceof ParameterizedType p
        && (p.getRawType() == CompletableFuture.class || p.getRawType() == CompletionStage.class)) {
      return p.getActualTypeArguments()[0];
    }
    return returned;
  }

  private static Type boxed(Type t) {
    if (t instanceof Class<?> c && c.isPrimitive()) {
      return MethodType.methodType(c).wrap().returnType();
    }
    return t;
  }

  private static boolean isListOf(Type type, Type element) {
    return type instanceof ParameterizedType p && p.getRawType() == List.class
        && p.getActualTypeArguments()[0].equals(element);
  }

  /** As the processor shows a type: simple names, type arguments kept. */
  private static String simple(Type t) {
    return t.getTypeName().replaceAll("\\b[a-z][\\w]*\\.", "").replace('$', '.');
  }
}
