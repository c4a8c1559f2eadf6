package dev.decor.kernel;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the resilience wings judge a failure: by the exception a method threw, or by a returned
 * stage's failure without the {@link CompletionException}/{@link ExecutionException} layers that
 * stage composition adds (what {@code join()} callers expect). Not API. Stateless.
 */
public final class Failures {
  private Failures() {}

  /** The failure of a stage: {@code t} inside its {@code CompletionException}/{@code ExecutionException} layers. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * {@code failure} as resilience4j must receive it for its predicates and events to see
   * {@code failure} itself: it unwraps one {@link CompletionException} or
   * {@link ExecutionException} (it is built for stages), so one of those is handed over inside one
   * more layer. Allocates only for those two types.
   */
  public static Throwable asThrown(Throwable failure) {
    return failure instanceof CompletionException || failure instanceof ExecutionException
        ? new CompletionException(failure)
        : failure;
  }

  /** Whether the caller stopped the call: an interrupt or a cancellation, not the method's failure. */
  public static boolean callerStopped(Throwable t) {
    return t instanceof InterruptedException || t instanceof CancellationException;
  }

  /** {@code classes} as an array, for {@link #isAny} on the call path. */
  public static Class<?>[] array(List<Class<? extends Throwable>> classes) {
    return classes.toArray(new Class<?>[0]);
  }

  /** Whether {@code t} is an instance of one of {@code classes}. */
  public static boolean isAny(Class<?>[] classes, Throwable t) {
    for (Class<?> c : classes) {
      if (c.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
