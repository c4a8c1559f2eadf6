package dev.decor.retry;

import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.ReturnKind;
import dev.decor.kernel.UserClasses;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code @Retry(retryIf)}: checks that the predicate class fits the method and creates it, once
 * per chain — the run-time side of the processor's {@code [decor/RetryIfClass]} and
 * {@code [decor/RetryIfType]} checks, with the same messages (a woven method fails its first call).
 * At run time the types are compared erased: the predicate's {@code T} must be a supertype of the
 * method's result class (the stage's value class for an asynchronous method). A function built by
 * {@code Decorators}, whose result type is unknown, is not type-checked.
 */
final class ResultPredicates {
  private ResultPredicates() {}

  /**
   * A new instance of {@code type} for {@code key}'s method.
   *
   * @throws IllegalArgumentException {@code [decor/RetryIfClass]} or {@code [decor/RetryIfType]}
   */
  @SuppressWarnings("unchecked")
  static Predicate<Object> create(Class<?> type, MethodKey key) {
    Function<String, String> message =
        reason -> Messages.retryIfClass(type.getSimpleName(), reason);
    Constructor<?> constructor = UserClasses.constructor(type, message);
    checkType(type, key);
    return (Predicate<Object>) UserClasses.create(constructor, message);
  }

  private static void checkType(Class<?> type, MethodKey key) {
    Method method = key.method();
    if (method == null) {
      return;
    }
    Class<?> judged = judgedType(type);
    String signature = key.signature();
    if (key.returnKind() == ReturnKind.VOID) {
      throw new IllegalArgumentException(Messages.retryIfType(type.getSimpleName(),
          judged.getSimpleName(), signature, "returns nothing (void)"));
    }
    Class<?> result = key.returnKind() == ReturnKind.ASYNC
        ? UserClasses.erase(stageValue(method.getGenericReturnType()))
        : UserClasses.boxed(method.getReturnType());
    if (!judged.isAssignableFrom(result)) {
      String returns = key.returnKind() == ReturnKind.ASYNC
          ? "completes its stage with " + result.getSimpleName()
          : "returns " + result.getSimpleName();
      throw new IllegalArgumentException(Messages.retryIfType(type.getSimpleName(),
          judged.getSimpleName(), signature, returns));
    }
  }

  /** The erased {@code T} of the {@code Predicate<T>} that {@code type} implements. */
  static Class<?> judgedType(Class<?> type) {
    Type t = typeArgument(type, Predicate.class, new HashMap<>());
    return t == null ? Object.class : UserClasses.erase(t);
  }

  /** The value type of a {@code CompletionStage<X>} return type, or Object. */
  private static Type stageValue(Type returnType) {
    Class<?> raw = UserClasses.erase(returnType);
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    bind(returnType, bindings);
    // A stage type's own type argument is bound above; typeArgument searches only supertypes.
    Type t = raw == CompletionStage.class
        ? bindings.get(CompletionStage.class.getTypeParameters()[0])
        : typeArgument(raw, CompletionStage.class, bindings);
    return t == null ? Object.class : t;
  }

  /**
   * The (first) type argument {@code of} receives from {@code type}'s hierarchy, with type
   * variables resolved through {@code bindings} as far as they go; null if raw.
   */
  private static Type typeArgument(Class<?> type, Class<?> of, Map<TypeVariable<?>, Type> bindings) {
    if (type == null) {
      return null;
    }
    Type[] supers = new Type[type.getGenericInterfaces().length + 1];
    System.arraycopy(type.getGenericInterfaces(), 0, supers, 0, supers.length - 1);
    supers[supers.length - 1] = type.getGenericSuperclass();
    for (Type s : supers) {
      if (s == null) {
        continue;
      }
      bind(s, bindings);
      Class<?> raw = UserClasses.erase(s);
      if (raw == of) {
        return s instanceof ParameterizedType p ? resolve(p.getActualTypeArguments()[0], bindings)
            : null;
      }
      if (of.isAssignableFrom(raw)) {
        Type found = typeArgument(raw, of, bindings);
        if (found != null || raw.getTypeParameters().length == 0) {
          return found;
        }
      }
    }
    return null;
  }

  private static void bind(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof ParameterizedType p) {
      TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < vars.length; i++) {
        bindings.put(vars[i], resolve(args[i], bindings));
      }
    }
  }

  private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    Type t = type;
    while (t instanceof TypeVariable<?> v && bindings.containsKey(v) && bindings.get(v) != v) {
      t = bindings.get(v);
    }
    return t;
  }
}
