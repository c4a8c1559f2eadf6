package dev.decor.kernel;

import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The classes a user names in an annotation and decor creates (a {@code retryIf} predicate, a
 * metric tag's mapper), and the erased view of types the wings check them against at run time
 * (the processor also sees type arguments). Used when a chain is built, never on the call path.
 * Not API. Stateless.
 */
public final class UserClasses {
  private UserClasses() {}

  /**
   * {@code type}'s public no-argument constructor, for {@link #create}.
   *
   * @param message the diagnostic for a reason ({@code "is abstract"}, ...) why {@code type}
   *     cannot be created
   * @throws IllegalArgumentException with {@code message}'s text when {@code type} is abstract,
   *     an inner class, or has no such constructor
   */
  public static Constructor<?> constructor(Class<?> type, Function<String, String> message) {
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(message.apply("is abstract"));
    }
    if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
      throw new IllegalArgumentException(
          message.apply("is an inner class, created only with an outer instance"));
    }
    try {
      return type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          message.apply("has no public no-argument constructor"), e);
    }
  }

  /**
   * A new instance from {@code constructor} (a public one of a package-private class too).
   *
   * @throws IllegalArgumentException with {@code message}'s text when the constructor fails
   */
  public static Object create(Constructor<?> constructor, Function<String, String> message) {
    try {
      constructor.trySetAccessible();
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(message.apply("could not be created (" + e + ")"), e);
    }
  }

  /** The erasure of {@code type}: a type variable or wildcard by its first bound. */
  public static Class<?> erase(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof TypeVariable<?> v) {
      return erase(v.getBounds()[0]);
    }
    if (type instanceof WildcardType w) {
      return erase(w.getUpperBounds()[0]);
    }
    if (type instanceof GenericArrayType g) {
      return erase(g.getGenericComponentType()).arrayType();
    }
    return Object.class;
  }

  /** {@code type}, or its wrapper class if it is primitive ({@code void}: {@code Void}). */
  public static Class<?> boxed(Class<?> type) {
    return MethodType.methodType(type).wrap().returnType();
  }

  /**
   * The first type argument that {@code type} gives the generic class or interface {@code of},
   * anywhere in its hierarchy (super-interfaces of interfaces included), with type variables
   * resolved as far as {@code type} binds them: for {@code CompletableFuture<List<String>>} and
   * {@code CompletionStage}, {@code List<String>}. Object when raw or unbound.
   */
  public static Type typeArgument(Type type, Class<?> of) {
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    bind(type, bindings);
    Class<?> raw = erase(type);
    Type t = raw == of ? bindings.get(of.getTypeParameters()[0]) : search(raw, of, bindings);
    return t == null ? Object.class : t;
  }

  private static Type search(Class<?> type, Class<?> of, Map<TypeVariable<?>, Type> bindings) {
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
      Class<?> raw = erase(s);
      if (raw == of) {
        return s instanceof ParameterizedType p ? resolve(p.getActualTypeArguments()[0], bindings)
            : null;
      }
      if (of.isAssignableFrom(raw)) {
        Type found = search(raw, of, bindings);
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
