package dev.decor.internal;

import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Identifies a decorated method and computes its decor name ({@code SimpleClassName.method}, with
 * erased parameter types appended when several overloads carry decor annotations).
 *
 * <p>Built once per method (reflection here is fine: never on the call path).
 */
public final class MethodKey {
  private final Class<?> owner;
  private final Method method;
  private final String defaultName;

  private MethodKey(Class<?> owner, Method method) {
    this.owner = owner;
    this.method = method;
    this.defaultName = computeDefaultName(owner, method);
  }

  /**
   * The method {@code owner.name(parameterTypes)}, which must be declared by {@code owner} itself.
   *
   * @throws IllegalArgumentException if there is no such method
   */
  public static MethodKey of(Class<?> owner, String name, Class<?>... parameterTypes) {
    try {
      return new MethodKey(owner, owner.getDeclaredMethod(name, parameterTypes));
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "No method " + name + Arrays.toString(parameterTypes) + " in " + owner.getName(), e);
    }
  }

  /** The key of a reflected method. */
  public static MethodKey of(Method method) {
    return new MethodKey(method.getDeclaringClass(), method);
  }

  public Class<?> owner() {
    return owner;
  }

  public Method method() {
    return method;
  }

  public String methodName() {
    return method.getName();
  }

  public Class<?> returnType() {
    return method.getReturnType();
  }

  /** {@code SimpleClassName.methodName}, or with parameter types for annotated overloads. */
  public String defaultName() {
    return defaultName;
  }

  private static String computeDefaultName(Class<?> owner, Method method) {
    String base = owner.getSimpleName() + "." + method.getName();
    int annotatedOverloads = 0;
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(method.getName()) && !m.isBridge() && !m.isSynthetic()
          && hasDecorAnnotation(m)) {
        annotatedOverloads++;
      }
    }
    if (annotatedOverloads <= 1) {
      return base;
    }
    StringJoiner params = new StringJoiner(",", "(", ")");
    for (Class<?> p : method.getParameterTypes()) {
      params.add(p.getSimpleName());
    }
    return base + params;
  }

  /** Whether {@code m} carries any decor annotation. */
  public static boolean hasDecorAnnotation(Method m) {
    return m.isAnnotationPresent(Timed.class)
        || m.isAnnotationPresent(Retry.class)
        || m.isAnnotationPresent(Cached.class)
        || m.isAnnotationPresent(NoGrad.class)
        || m.isAnnotationPresent(InferenceMode.class);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MethodKey && ((MethodKey) o).method.equals(method);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method);
  }

  @Override
  public String toString() {
    return owner.getName() + "." + method.getName() + Arrays.toString(method.getParameterTypes());
  }
}
