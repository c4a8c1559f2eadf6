package dev.decor.spring.boot;

import dev.decor.Decorated;
import dev.decor.aspect.Weaving;
import dev.decor.internal.WrapperNames;
import dev.decor.kernel.MethodKey;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.springframework.util.ClassUtils;

/**
 * What the starter needs to know about a bean class: its decor-annotated methods (declared by it
 * or a superclass) and its generated wrapper. Reflection at start-up only. Stateless.
 */
final class DecoratedTypes {
  private static final boolean ASPECTJ =
      ClassUtils.isPresent("dev.decor.aspect.Weaving", DecoratedTypes.class.getClassLoader());

  private DecoratedTypes() {}

  /**
   * The decor-annotated methods of {@code type} and its superclasses (JDK classes aside); for a
   * generated wrapper, those of the user's class it extends.
   */
  static List<Method> annotatedMethods(Class<?> type) {
    List<Method> methods = new ArrayList<>();
    Class<?> start = userClass(type);
    for (Class<?> c = start; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getName().startsWith("java.")) {
        break;
      }
      for (Method m : c.getDeclaredMethods()) {
        if (!m.isSynthetic() && !m.isBridge() && MethodKey.hasDecorAnnotation(m)) {
          methods.add(m);
        }
      }
    }
    return methods;
  }

  /**
   * The processor's wrapper of {@code type} ({@code p.DecoratedOuter_Inner} for
   * {@code p.Outer.Inner}), if it was generated and is loadable; null otherwise.
   */
  static Class<?> wrapperOf(Class<?> type, ClassLoader loader) {
    String name = wrapperName(type);
    if (!ClassUtils.isPresent(name, loader)) {
      return null;
    }
    try {
      Class<?> wrapper = ClassUtils.forName(name, loader);
      return type.isAssignableFrom(wrapper) && Decorated.class.isAssignableFrom(wrapper)
          ? wrapper : null;
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** The user's class: {@code type}, or the class a generated wrapper extends. */
  static Class<?> userClass(Class<?> type) {
    return Decorated.class.isAssignableFrom(type) && type.getSuperclass() != null
        && type.getSuperclass() != Object.class ? type.getSuperclass() : type;
  }

  /** The binary name the processor gives {@code type}'s wrapper (SPEC: mode 1). */
  static String wrapperName(Class<?> type) {
    Deque<String> names = new ArrayDeque<>();
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      names.addFirst(c.getSimpleName());
    }
    String pkg = type.getPackageName();
    return (pkg.isEmpty() ? "" : pkg + ".") + WrapperNames.simpleName(List.copyOf(names));
  }

  /** How {@code bean} of {@code type} is decorated, or null if it has annotations but no mode. */
  static Mode modeOf(Object bean, Class<?> type, List<Method> annotated) {
    if (bean instanceof Decorated || Decorated.class.isAssignableFrom(type)) {
      return Mode.GENERATED;
    }
    return ASPECTJ && unwoven(annotated).isEmpty() ? Mode.WOVEN : null;
  }

  /** The methods among {@code annotated} that no weaver reached (all, without decor-aspectj). */
  static List<Method> unwoven(List<Method> annotated) {
    if (!ASPECTJ) {
      return annotated;
    }
    return Woven.unwoven(annotated);
  }

  /** How a bean's annotations are applied. */
  enum Mode {
    /** The bean is the processor's generated wrapper. */
    GENERATED,
    /** The bean's class was woven (compile time or load time). */
    WOVEN;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Kept apart so that nothing loads decor-aspectj's classes when it is absent. */
  private static final class Woven {
    static List<Method> unwoven(List<Method> annotated) {
      List<Method> unwoven = new ArrayList<>();
      annotated.stream().map(Method::getDeclaringClass).distinct()
          .forEach(c -> unwoven.addAll(Weaving.unwovenMethods(c)));
      return unwoven;
    }
  }
}
