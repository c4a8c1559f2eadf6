package dev.decor.retry;

import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.ReturnKind;
import dev.decor.kernel.UserClasses;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
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
        ? UserClasses.erase(
            UserClasses.typeArgument(method.getGenericReturnType(), CompletionStage.class))
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
    return UserClasses.erase(UserClasses.typeArgument(type, Predicate.class));
  }
}
