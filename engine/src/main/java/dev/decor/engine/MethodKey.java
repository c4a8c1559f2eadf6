package dev.decor.engine;

import dev.decor.spec.Description;
import java.lang.reflect.Method;
import java.util.Arrays;
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
  private final String className;
  private final String methodName;
  private final Class<?> returnType;
  private final Class<?>[] parameterTypes;
  private final String defaultName;

  private MethodKey(Class<?> owner, Method method) {
    this.owner = owner;
    this.method = method;
    this.className = owner.getName();
    this.methodName = method.getName();
    this.returnType = method.getReturnType();
    this.parameterTypes = method.getParameterTypes();
    this.defaultName = computeDefaultName(owner, method);
  }

  private MethodKey(String name, Class<?> returnType) {
    int dot = name.lastIndexOf('.');
    this.owner = null;
    this.method = null;
    this.className = dot < 0 ? "" : name.substring(0, dot);
    this.methodName = dot < 0 ? name : name.substring(dot + 1);
    this.returnType = returnType;
    this.parameterTypes = new Class<?>[0];
    this.defaultName = name;
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

  /**
   * A key with no Java method behind it, for {@link dev.decor.engine.Decorators}: {@code name} is the
   * decor name as given; Micrometer's {@code class} and {@code method} tags are its parts before
   * and after the last dot.
   */
  public static MethodKey named(String name, Class<?> returnType) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("A decorator name must not be empty");
    }
    return new MethodKey(name, returnType);
  }

  /** The declaring class, or null for a {@link #named} key. */
  public Class<?> owner() {
    return owner;
  }

  /** The method, or null for a {@link #named} key. */
  public Method method() {
    return method;
  }

  /** The declaring class's name, as Micrometer's {@code class} tag shows it. */
  public String className() {
    return className;
  }

  public String methodName() {
    return methodName;
  }

  public Class<?> returnType() {
    return returnType;
  }

  public Class<?>[] parameterTypes() {
    return parameterTypes.clone();
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
    for (Description<?, ?> description : Description.all()) {
      if (m.isAnnotationPresent(description.annotationType())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MethodKey)) {
      return false;
    }
    MethodKey k = (MethodKey) o;
    return method == null
        ? k.method == null && k.defaultName.equals(defaultName) && k.returnType == returnType
        : method.equals(k.method);
  }

  @Override
  public int hashCode() {
    return method == null ? defaultName.hashCode() : method.hashCode();
  }

  @Override
  public String toString() {
    return method == null
        ? defaultName
        : className + "." + methodName + Arrays.toString(parameterTypes);
  }
}
