package dev.decor.aspect;

import dev.decor.Decorated;
import dev.decor.kernel.MethodKey;
import dev.decor.internal.Messages;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * A startup check that weaving really reached your classes. Without a weaver decor's annotations
 * are inert — a missing plugin or {@code -javaagent} would otherwise pass silently.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   Weaving.requireWoven(ImageStore.class, Classifier.class);  // fails fast if not woven
 *   ...
 * }
 * }</pre>
 *
 * <h2>How it tells</h2>
 * decor's aspect declares {@link WovenByDecor} on every decor-annotated method its weaver reaches
 * (compile-time or load-time); a method without it was not woven. Generated wrappers
 * ({@link dev.decor.Decorated}) decorate their methods themselves and never need weaving.
 *
 * <p>Reflection only here, never on the call path. Thread-safe.
 */
public final class Weaving {
  private Weaving() {}

  /**
   * The decor-annotated methods declared by {@code type} that no weaver has reached; none for a
   * generated wrapper ({@link Decorated}), which needs no weaving.
   */
  public static List<Method> unwovenMethods(Class<?> type) {
    List<Method> unwoven = new ArrayList<>();
    if (Decorated.class.isAssignableFrom(type)) {
      return unwoven;
    }
    for (Method m : type.getDeclaredMethods()) {
      if (!m.isSynthetic() && !m.isBridge() && MethodKey.hasDecorAnnotation(m)
          && !m.isAnnotationPresent(WovenByDecor.class)) {
        unwoven.add(m);
      }
    }
    return unwoven;
  }

  /**
   * Whether {@code type} declares decor-annotated methods and every one of them is woven; false
   * for a generated wrapper, which decorates its methods itself.
   */
  public static boolean isWoven(Class<?> type) {
    return !Decorated.class.isAssignableFrom(type)
        && Arrays.stream(type.getDeclaredMethods()).anyMatch(MethodKey::hasDecorAnnotation)
        && unwovenMethods(type).isEmpty();
  }

  /**
   * Checks that every decor-annotated method declared by {@code types} is woven. A generated
   * wrapper ({@link Decorated}) passes: its annotated methods are copies on overrides that the
   * wrapper itself runs through their chains, so they need no weaving.
   *
   * @throws IllegalStateException {@code [decor/NotWoven] …} naming the unwoven methods (sorted)
   *     and how to weave them
   */
  public static void requireWoven(Class<?>... types) {
    List<String> missing = new ArrayList<>();
    for (Class<?> type : types) {
      if (Decorated.class.isAssignableFrom(type)) {
        continue;
      }
      for (Method m : unwovenMethods(type)) {
        missing.add(describe(m));
      }
    }
    if (!missing.isEmpty()) {
      missing.sort(null);
      throw new IllegalStateException(Messages.notWoven(String.join(", ", missing)));
    }
  }

  private static String describe(Method m) {
    StringJoiner params = new StringJoiner(", ", "(", ")");
    for (Class<?> p : m.getParameterTypes()) {
      params.add(p.getSimpleName());
    }
    return m.getDeclaringClass().getSimpleName() + "." + m.getName() + params;
  }
}
