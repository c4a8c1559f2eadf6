package dev.decor.fallback;

import dev.decor.internal.FallbackRules;
import dev.decor.internal.Messages;
import dev.decor.internal.FallbackRules.Candidate;
import dev.decor.internal.FallbackRules.Shape;
import dev.decor.internal.FallbackRules.Target;
import dev.decor.internal.describe.Description;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.ReturnKind;
import dev.decor.kernel.UserClasses;
import dev.decor.spec.FallbackSpec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Finds a woven {@code @Fallback} method's fallback, once per join point, with the processor's
 * rules and words ({@link FallbackRules}), and makes it a {@link FallbackMethod} over a
 * {@link MethodHandle}: a call reflects nothing. Private and static fallbacks work (weaving needs
 * no subclass to reach them).
 */
public final class FallbackMethods {
  private static final Object[] NO_ARGUMENTS = {};
  private static final MethodType CALL =
      MethodType.methodType(Object.class, Object.class, Object[].class, Throwable.class);

  private FallbackMethods() {}

  /**
   * The fallback {@code spec} names for {@code method}.
   *
   * @throws IllegalArgumentException {@code [decor/FallbackSignature]} when none fits
   */
  public static FallbackMethod find(Method method, FallbackSpec spec) {
    String name = spec.method();
    Class<?>[] parameters = method.getParameterTypes();
    List<String> simple = new ArrayList<>();
    for (Class<?> p : parameters) {
      simple.add(p.getSimpleName());
    }
    boolean async = ReturnKind.of(method.getReturnType()) == ReturnKind.ASYNC;
    Target target = new Target(MethodKey.of(method).signature(),
        method.getReturnType().getSimpleName(), simple, Modifier.isStatic(method.getModifiers()),
        async ? valueType(method.getGenericReturnType()).getSimpleName() : null);
    List<Method> named = named(method.getDeclaringClass(), name);
    List<Candidate> candidates = new ArrayList<>();
    for (Method m : named) {
      candidates.add(candidate(method, m, spec, async));
    }
    FallbackRules.Result result = FallbackRules.check(target, name, candidates, false);
    if (!result.ok()) {
      throw new IllegalArgumentException(result.error());
    }
    Method match = named.get(result.match());
    try {
      match.setAccessible(true);
      return adapt(MethodHandles.lookup().unreflect(match), parameters.length,
          Modifier.isStatic(match.getModifiers()), match.getParameterCount() > parameters.length);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(Messages.fallbackSignature(target.signature(), name,
          "decor cannot call (" + e + ")", "Open its package to decor-engine."), e);
    }
  }

  /**
   * The methods called {@code name} that {@code owner} declares or inherits, the most derived
   * first (an overridden one once), private ones only from {@code owner} itself.
   */
  private static List<Method> named(Class<?> owner, String name) {
    Map<List<Class<?>>, Method> bySignature = new LinkedHashMap<>();
    for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic()
            && (c == owner || inherited(m, owner))) {
          bySignature.putIfAbsent(Arrays.asList(m.getParameterTypes()), m);
        }
      }
    }
    for (Method m : owner.getMethods()) { // default methods of interfaces
      if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic()) {
        bySignature.putIfAbsent(Arrays.asList(m.getParameterTypes()), m);
      }
    }
    return new ArrayList<>(bySignature.values());
  }

  private static boolean inherited(Method m, Class<?> owner) {
    int modifiers = m.getModifiers();
    if (Modifier.isPrivate(modifiers)) {
      return false;
    }
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)
        || Objects.equals(m.getDeclaringClass().getPackageName(), owner.getPackageName());
  }

  private static Candidate candidate(Method method, Method m, FallbackSpec spec, boolean async) {
    Class<?>[] expected = method.getParameterTypes();
    Class<?>[] actual = m.getParameterTypes();
    Shape shape = Shape.OTHER;
    String failureType = null;
    String unheldOn = null;
    if (Arrays.equals(actual, expected)) {
      shape = Shape.SAME;
    } else if (actual.length == expected.length + 1
        && Arrays.equals(Arrays.copyOf(actual, expected.length), expected)
        && Throwable.class.isAssignableFrom(actual[expected.length])) {
      shape = Shape.SAME_AND_FAILURE;
      Class<?> failure = actual[expected.length];
      failureType = failure.getSimpleName();
      for (Class<?> c : spec.on()) {
        if (!failure.isAssignableFrom(c)) {
          unheldOn = c.getName();
          break;
        }
      }
    }
    return new Candidate(MethodKey.of(m).signature(), shape, failureType, unheldOn,
        m.getReturnType().getSimpleName(), returnFits(method, m, async),
        Modifier.isStatic(m.getModifiers()), Modifier.isPrivate(m.getModifiers()),
        decorAnnotation(m));
  }

  /** The rules of {@code @Fallback}, on erased types (the processor also checks type arguments). */
  private static boolean returnFits(Method method, Method fallback, boolean async) {
    Class<?> r = method.getReturnType();
    Class<?> f = fallback.getReturnType();
    if (r == void.class || r.isPrimitive()) {
      return f == r;
    }
    if (f == void.class) {
      return false;
    }
    if (async && CompletionStage.class.isAssignableFrom(f)) {
      return true;
    }
    Class<?> accepts = async ? valueType(method.getGenericReturnType()) : r;
    return accepts.isAssignableFrom(UserClasses.boxed(f));
  }

  /** The erased value type of a stage type ({@code Object} when it is not written). */
  private static Class<?> valueType(Type stage) {
    return stage instanceof ParameterizedType p ? UserClasses.erase(p.getActualTypeArguments()[0])
        : Object.class;
  }

  private static String decorAnnotation(Method m) {
    for (Description<?, ?> d : Description.all()) {
      if (m.isAnnotationPresent(d.annotationType())) {
        return d.annotationType().getSimpleName();
      }
    }
    return null;
  }

  /**
   * {@code handle}, of the fallback's own type, as {@code (self, args, failure) -> Object}: the
   * receiver dropped for a static one, the failure dropped when it does not take it, the
   * arguments spread from the array.
   */
  private static FallbackMethod adapt(MethodHandle handle, int arity, boolean isStatic,
      boolean takesFailure) {
    MethodHandle h = handle;
    if (isStatic) {
      h = MethodHandles.dropArguments(h, 0, Object.class);
    }
    if (!takesFailure) {
      h = MethodHandles.dropArguments(h, arity + 1, Throwable.class);
    }
    h = h.asType(h.type().generic()).asSpreader(1, Object[].class, arity).asType(CALL);
    MethodHandle call = h;
    return (self, args, failure) -> {
      // A local, not a conditional in the call: that would be typed Object (a poly expression
      // meeting invokeExact's Object... parameter), and invokeExact matches types exactly.
      Object[] arguments = args == null ? NO_ARGUMENTS : args;
      return (Object) call.invokeExact(self, arguments, failure);
    };
  }
}
