package dev.decor.aspect;

import dev.decor.Decorated;
import dev.decor.engine.MethodKey;
import dev.decor.spec.Messages;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.aspectj.lang.JoinPoint;

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
 * For each decor-annotated method the class declares, the AspectJ weaver (compile-time or
 * load-time) moves the original body into a static {@code <method>_aroundBody<n>} method taking
 * the receiver (for instance methods), the parameters and, for {@code @Cached} methods (and any
 * class woven by an earlier build of decor), a {@link JoinPoint}. A class woven by an
 * older or differently configured weaver that does not follow this naming reads as not woven.
 *
 * <p>Reflection only here, never on the call path. Thread-safe.
 */
public final class Weaving {
  private Weaving() {}

  /** The decor-annotated methods declared by {@code type} that no weaver has reached. */
  public static List<Method> unwovenMethods(Class<?> type) {
    Method[] declared = type.getDeclaredMethods();
    List<Method> unwoven = new ArrayList<>();
    for (Method m : declared) {
      if (!m.isSynthetic() && !m.isBridge() && MethodKey.hasDecorAnnotation(m)
          && !hasAroundBody(m, declared)) {
        unwoven.add(m);
      }
    }
    return unwoven;
  }

  /** Whether {@code type} declares decor-annotated methods and every one of them is woven. */
  public static boolean isWoven(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods()).anyMatch(MethodKey::hasDecorAnnotation)
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

  private static boolean hasAroundBody(Method method, Method[] declared) {
    String prefix = method.getName() + "_aroundBody";
    boolean isStatic = Modifier.isStatic(method.getModifiers());
    Class<?>[] params = method.getParameterTypes();
    for (Method candidate : declared) {
      if (!candidate.getName().startsWith(prefix)
          || !Modifier.isStatic(candidate.getModifiers())) {
        continue;
      }
      Class<?>[] body = candidate.getParameterTypes();
      int from = isStatic ? 0 : 1;
      int length = params.length + from;
      boolean joinPoint = body.length == length + 1 && body[length] == JoinPoint.class;
      if ((body.length == length || joinPoint)
          && Arrays.equals(body, from, length, params, 0, params.length)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Method m) {
    StringJoiner params = new StringJoiner(", ", "(", ")");
    for (Class<?> p : m.getParameterTypes()) {
      params.add(p.getSimpleName());
    }
    return m.getDeclaringClass().getSimpleName() + "." + m.getName() + params;
  }
}
