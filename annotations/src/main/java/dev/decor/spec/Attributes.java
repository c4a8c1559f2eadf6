package dev.decor.spec;

import dev.decor.internal.Messages;
import dev.decor.internal.TypeRef;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Rules and copies that several specs' attributes share, each written once: the exception-class
 * lists of {@code @Retry}, {@code @CircuitBreaker} and {@code @Fallback}, and the method names
 * {@code @Batched} and {@code @Fallback} take. The messages stay each annotation's own.
 */
final class Attributes {
  private Attributes() {}

  /** A builder's copy of an exception-class list given as varargs. */
  static List<Class<? extends Throwable>> classes(Class<? extends Throwable>[] classes) {
    return Arrays.asList(classes.clone());
  }

  /**
   * Checks each class of {@code listed} in order: first with {@code check} (its error or null),
   * then that {@code ignore} does not list it too ({@code inBoth} gives that error for the class
   * name).
   *
   * @throws IllegalArgumentException with the first error
   */
  static void requireValid(List<Class<? extends Throwable>> listed,
      List<Class<? extends Throwable>> ignore, Function<TypeRef, String> check,
      Function<String, String> inBoth) {
    for (Class<? extends Throwable> c : listed) {
      Messages.requireValid(check.apply(TypeRef.of(c)));
      if (ignore.contains(c)) {
        throw new IllegalArgumentException(inBoth.apply(c.getName()));
      }
    }
  }

  /** Whether {@code name} is a Java identifier (a method an annotation names). */
  static boolean isIdentifier(String name) {
    return !name.isEmpty() && Character.isJavaIdentifierStart(name.charAt(0))
        && name.codePoints().allMatch(Character::isJavaIdentifierPart);
  }
}
