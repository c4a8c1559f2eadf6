package dev.decor.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tells virtual threads from platform threads while decor targets Java 17, where
 * {@code Thread.isVirtual()} does not exist.
 *
 * <p>The method is looked up once into a {@code static final} {@link MethodHandle}, which the JIT
 * treats as a constant, so a call costs what {@code thread.isVirtual()} costs; on Java 17-20 the
 * handle is absent and every thread is a platform thread. In the kernel because more than one
 * wing asks: grad mode offloads virtual threads' regions, the timeout timer keeps no idle entry
 * for a virtual thread. Not API. Thread-safe.
 */
public final class VirtualThreads {
  private static final MethodHandle IS_VIRTUAL = lookUp();

  private VirtualThreads() {}

  /** Whether {@code thread} is a virtual thread (always false before Java 21). */
  public static boolean isVirtual(Thread thread) {
    MethodHandle isVirtual = IS_VIRTUAL;
    if (isVirtual == null) {
      return false;
    }
    try {
      return (boolean) isVirtual.invokeExact(thread);
    } catch (Throwable e) {
      throw new IllegalStateException("Thread.isVirtual() failed", e);
    }
  }

  private static MethodHandle lookUp() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
