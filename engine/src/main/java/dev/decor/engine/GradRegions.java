package dev.decor.engine;

import dev.decor.grad.GradBlock;
import dev.decor.grad.Trainable;

/**
 * Runs a block in a grad region on any kind of thread: inline on a platform thread, on a
 * {@link ModelThreads model thread} when called from a virtual thread. The engine side of
 * {@code GradMode.noGrad(block)} and its siblings. Thread-safe.
 */
public final class GradRegions {
  private GradRegions() {}

  /**
   * Runs {@code block} with grad mode {@code enabled} (and {@code model}, if not null, in eval),
   * then restores both.
   *
   * @return what {@code block} returned
   * @throws E exactly what {@code block} threw
   */
  public static <T, E extends Throwable> T call(boolean enabled, Trainable model,
      GradBlock<T, E> block) throws E {
    GradState.PerThread state = GradState.perThread();
    if (!state.offload) {
      return callHere(state, enabled, model, block);
    }
    try {
      @SuppressWarnings("unchecked")
      T result = (T) ModelThreads.call(
          () -> callHere(GradState.perThread(), enabled, model, block));
      return result;
    } catch (Throwable t) {
      throw GradRegions.<E>rethrow(t);
    }
  }

  /** Whether regions entered on the calling thread run on a model thread (it is virtual). */
  public static boolean offloads() {
    return GradState.perThread().offload;
  }

  private static <T, E extends Throwable> T callHere(GradState.PerThread state, boolean enabled,
      Trainable model, GradBlock<T, E> block) throws E {
    long token = GradState.enter(state, enabled, model);
    try {
      return block.call();
    } finally {
      GradState.exit(state, token, model);
    }
  }

  /** Rethrows what a block threw: it may only be an {@code E} or unchecked. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }
}
