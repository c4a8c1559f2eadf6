package dev.decor.kernel;

import dev.decor.internal.describe.Description;
import java.lang.reflect.Method;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identifies a decorated method and computes its decor name ({@code SimpleClassName.method}, with
 * erased parameter types appended when several overloads carry decor annotations).
 *
 * <p>Built once per method (reflection here is fine: never on the call path). The method is held
 * weakly and its types by name, so a key kept in an engine's registries does not keep the user's
 * class (and its class loader) alive after a redeploy.
 *
 * <p>Part of the surface generated code and the aspect call (see docs/processor.md). Immutable.
 */
public final class MethodKey {
  private static final AtomicLong NAMED = new AtomicLong();

  /** The method, found again through {@link #owner} once collected; null for a {@link #named} key. */
  private volatile WeakReference<Method> method;
  /** The declaring class (alive as long as its class loader is); null for a {@link #named} key. */
  private final WeakReference<Class<?>> owner;
  /** The parameter types' binary names, to find the method again; empty for a named key. */
  private final List<String> parameterNames;
  private final String className;
  private final String methodName;
  private final ReturnKind returnKind;
  private final String returnTypeSimpleName;
  /** The declared return type is a {@code CompletionStage} other than the interface itself or CompletableFuture. */
  private final boolean stageSubtype;
  /** The declared return type is an array or a supertype of one (Object, Cloneable, Serializable). */
  private final boolean mayReturnArray;
  /** A parameter is declared an array or a {@link ByteBuffer}: its cache key part comes from its contents. */
  private final boolean contentKeyedArguments;
  private final List<String> parameterSimpleNames;
  private final String defaultName;
  /** Equality of method keys: the declaring class (by identity hash and name), name and parameters. */
  private final String identity;
  /** The parameters' source names, when a front end knows them; else null (messages ask reflection). */
  private String[] sourceNames;

  private MethodKey(Class<?> owner, Method method) {
    this.method = new WeakReference<>(method);
    this.owner = new WeakReference<>(method.getDeclaringClass());
    this.className = owner.getName();
    this.methodName = method.getName();
    this.returnKind = ReturnKind.of(method.getReturnType());
    this.returnTypeSimpleName = method.getReturnType().getSimpleName();
    this.stageSubtype = isStageSubtype(method.getReturnType());
    this.mayReturnArray = mayBeArray(method.getReturnType());
    List<String> simple = new ArrayList<>();
    List<String> names = new ArrayList<>();
    boolean contentKeyed = false;
    for (Class<?> p : method.getParameterTypes()) {
      simple.add(p.getSimpleName());
      names.add(p.getName());
      contentKeyed |= p.isArray() || ByteBuffer.class.isAssignableFrom(p);
    }
    this.contentKeyedArguments = contentKeyed;
    this.parameterSimpleNames = List.copyOf(simple);
    this.parameterNames = List.copyOf(names);
    this.defaultName = computeDefaultName(owner, method);
    this.identity = className + "@" + Integer.toHexString(System.identityHashCode(owner)) + "."
        + methodName + "(" + String.join(",", names) + ")";
  }

  private MethodKey(String name, Class<?> returnType) {
    int dot = name.lastIndexOf('.');
    this.method = null;
    this.owner = null;
    this.parameterNames = List.of();
    this.className = dot < 0 ? "" : name.substring(0, dot);
    this.methodName = dot < 0 ? name : name.substring(dot + 1);
    this.returnKind = ReturnKind.of(returnType);
    this.returnTypeSimpleName = returnType.getSimpleName();
    this.stageSubtype = isStageSubtype(returnType);
    this.mayReturnArray = mayBeArray(returnType);
    this.contentKeyedArguments = true; // parameters unknown
    this.parameterSimpleNames = List.of();
    this.defaultName = name;
    // Every named key is a method of its own: two functions decorated under one name clash in
    // @Cached exactly as two annotated methods with one cache name do.
    this.identity = "named:" + name + "#" + NAMED.incrementAndGet();
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

  /**
   * The method, or null for a {@link #named} key or once its class has been unloaded. A key holds
   * it weakly: a collected {@code Method} object is looked up again in its class.
   */
  public Method method() {
    if (owner == null) {
      return null;
    }
    Method m = method.get();
    if (m == null) {
      Class<?> declaring = owner.get();
      if (declaring == null) {
        return null;
      }
      for (Method candidate : declaring.getDeclaredMethods()) {
        if (candidate.getName().equals(methodName) && Arrays.stream(candidate.getParameterTypes())
            .map(Class::getName).toList().equals(parameterNames)) {
          m = candidate;
          method = new WeakReference<>(m);
          break;
        }
      }
    }
    return m;
  }

  /**
   * This key, with its parameters' source names for messages (ignored when null or of another
   * length); set once, before the key is shared.
   */
  public MethodKey withParameterNames(String[] names) {
    if (names != null && names.length == parameterSimpleNames.size()) {
      this.sourceNames = names.clone();
    }
    return this;
  }

  /** The name of parameter {@code i} as messages show it: its source name when known. */
  public String parameterName(int i) {
    if (sourceNames != null) {
      return sourceNames[i];
    }
    Method m = method();
    return m == null ? "arg" + i : m.getParameters()[i].getName();
  }

  /** Whether this key names a function rather than a Java method ({@link #named}). */
  public boolean isNamed() {
    return owner == null;
  }

  /** The declaring class's name, as Micrometer's {@code class} tag shows it. */
  public String className() {
    return className;
  }

  public String methodName() {
    return methodName;
  }

  /** How the engine treats the result, from the declared return type. */
  public ReturnKind returnKind() {
    return returnKind;
  }

  /** The declared return type's simple name, as messages show it. */
  public String returnTypeSimpleName() {
    return returnTypeSimpleName;
  }

  /**
   * Whether the method declares a {@code CompletionStage} subtype other than
   * {@code CompletableFuture}: {@code @Retry} and {@code @Cached} hand out CompletableFutures, so
   * such a method cannot carry them.
   */
  public boolean declaresStageSubtype() {
    return stageSubtype;
  }

  /** The parameter types' binary names ({@code [B}, {@code int}); empty for a named key. */
  public List<String> parameterTypeNames() {
    return parameterNames;
  }

  /**
   * Whether a parameter is declared an array or a {@link ByteBuffer}: its part of a cache key is a
   * digest or an element-wise copy of its contents, work a lookup should do once per call. (An
   * {@code Object} parameter that happens to hold an array is not counted.)
   */
  public boolean contentKeyedArguments() {
    return contentKeyedArguments;
  }

  /** Whether a result may be an array, which {@code @Cached} hands out as copies. */
  public boolean mayReturnArray() {
    return mayReturnArray;
  }

  private static boolean mayBeArray(Class<?> type) {
    return type.isArray() || type.isAssignableFrom(int[].class);
  }

  private static boolean isStageSubtype(Class<?> type) {
    return CompletionStage.class.isAssignableFrom(type) && type != CompletionStage.class
        && type != CompletableFuture.class;
  }

  /** The parameter types' simple names, as messages show them. */
  public List<String> parameterSimpleNames() {
    return parameterSimpleNames;
  }

  /** {@code name(ParamType, …)}, as messages show a method. */
  public String signature() {
    StringBuilder sb = new StringBuilder(methodName()).append('(');
    List<String> params = parameterSimpleNames();
    for (int i = 0; i < params.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(params.get(i));
    }
    return sb.append(')').toString();
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
    return o instanceof MethodKey && ((MethodKey) o).identity.equals(identity);
  }

  @Override
  public int hashCode() {
    return identity.hashCode();
  }

  @Override
  public String toString() {
    return method == null
        ? defaultName
        : className + "." + methodName + "(" + String.join(", ", parameterSimpleNames) + ")";
  }
}
