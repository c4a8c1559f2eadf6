package dev.decor.grad;

import dev.decor.kernel.VirtualThreads;

/**
 * A grad region as a reusable object: what {@code @NoGrad} and {@code @InferenceMode} do, for
 * code that runs the body itself — another framework's interceptor, hand-written advice, a hot
 * loop. Entering and leaving allocate nothing (a {@link GradScope} is an object per scope, a block
 * a lambda per call), which is why decor's own decorators use it too.
 *
 * <pre>{@code
 * private static final GradRegion NO_GRAD = GradRegion.noGrad();
 *
 * Object intercept(Trainable model, Callable<Object> body) throws Exception {
 *   if (!GradRegion.canEnter()) {              // a virtual thread:
 *     return NO_GRAD.call(model, body::call);  // the body runs on a decor model thread
 *   }
 *   long token = NO_GRAD.enter(model);         // grad off, model in eval
 *   try {
 *     return body.call();
 *   } finally {
 *     NO_GRAD.exit(model, token);              // both restored
 *   }
 * }
 * }</pre>
 *
 * <p>{@code model} is the {@link Trainable} to keep in eval mode for the region (what
 * {@link GradMode#inference(Trainable)} does), or null to change grad mode only. Regions on one
 * model from many threads overlap safely: it stays in eval until the last one ends.
 *
 * <p>Immutable and thread-safe: share one instance. A token belongs to the thread that entered;
 * exit on that thread, innermost region first.
 */
public final class GradRegion {
  private static final GradRegion NO_GRAD = new GradRegion(false);
  private static final GradRegion ENABLE_GRAD = new GradRegion(true);

  private final boolean enabled;

  private GradRegion(boolean enabled) {
    this.enabled = enabled;
  }

  /** A region with gradient recording disabled ({@code torch.no_grad()}). */
  public static GradRegion noGrad() {
    return NO_GRAD;
  }

  /** A region with gradient recording enabled ({@code torch.enable_grad()}). */
  public static GradRegion enableGrad() {
    return ENABLE_GRAD;
  }

  /** A region with gradient recording set to {@code enabled} ({@code torch.set_grad_enabled}). */
  public static GradRegion set(boolean enabled) {
    return enabled ? ENABLE_GRAD : NO_GRAD;
  }

  /**
   * Whether {@link #enter} (and a {@link GradScope}) may be used on the calling thread: false on a
   * virtual thread. libtorch keeps grad mode per OS thread and a virtual thread may change OS
   * thread at any blocking call, so there a region's body must go through {@link #call}, which
   * runs it on one of decor's platform "model threads" while the virtual thread waits.
   */
  public static boolean canEnter() {
    return !VirtualThreads.isVirtual(Thread.currentThread());
  }

  /**
   * Enters the region on the calling thread: sets grad mode and, if {@code model} is not null,
   * switches it to eval. Pass the returned token to {@link #exit} in a {@code finally}.
   *
   * @param model the model to keep in eval mode for the region, or null
   * @return an opaque token holding what {@link #exit} restores
   * @throws IllegalStateException on a virtual thread ({@code [decor/GradNotInlinable]}); check
   *     {@link #canEnter()} first
   */
  public long enter(Trainable model) {
    GradThread thread = current();
    if (thread == null) {
      throw new IllegalStateException(
          GradMessages.notInlinable(Thread.currentThread().toString()));
    }
    return enter(thread, model);
  }

  /**
   * The calling thread's grad state, to pass to {@link #enter(GradThread, Trainable)} and
   * {@link #exit(GradThread, Trainable, long)} — one thread-local lookup per region instead of one
   * at each end; null on a virtual thread, where a region's body must go through {@link #call}.
   *
   * <pre>{@code
   * GradThread thread = GradRegion.current();
   * if (thread == null) {
   *   return NO_GRAD.call(model, body::call);
   * }
   * long token = NO_GRAD.enter(thread, model);
   * try {
   *   return body.call();
   * } finally {
   *   NO_GRAD.exit(thread, model, token);
   * }
   * }</pre>
   */
  public static GradThread current() {
    GradThread thread = GradState.perThread();
    return thread.offload ? null : thread;
  }

  /**
   * {@link #enter(Trainable)} on the state {@link #current()} returned on this thread.
   *
   * @param thread what {@link #current()} returned on the calling thread
   */
  public long enter(GradThread thread, Trainable model) {
    return GradState.enter(thread, enabled, model);
  }

  /** {@link #exit(Trainable, long)} on the state passed to {@link #enter(GradThread, Trainable)}. */
  public void exit(GradThread thread, Trainable model, long token) {
    GradState.exit(thread, token, model);
  }

  /**
   * Leaves the region {@link #enter} entered: restores grad mode, then {@code model}'s training
   * flag (once the last region open on it ends).
   *
   * @param model the model passed to {@link #enter}, or null
   * @param token what {@link #enter} returned, on this thread
   */
  public void exit(Trainable model, long token) {
    exit(GradState.perThread(), model, token);
  }

  /**
   * Runs {@code block} in the region on any kind of thread — inline on a platform thread, on a
   * decor model thread when called from a virtual thread — and restores the previous state.
   *
   * @param model the model to keep in eval mode for the region, or null
   * @return what {@code block} returned
   * @throws E exactly what {@code block} threw
   */
  public <T, E extends Throwable> T call(Trainable model, GradBlock<T, E> block) throws E {
    GradThread state = GradState.perThread();
    if (state.offload) {
      return offloaded(model, block);
    }
    long token = GradState.enter(state, enabled, model);
    try {
      return block.call();
    } finally {
      GradState.exit(state, token, model);
    }
  }

  /** {@link #call} from a virtual thread: the region runs on a model thread while it waits. */
  private <T, E extends Throwable> T offloaded(Trainable model, GradBlock<T, E> block) throws E {
    try {
      @SuppressWarnings("unchecked")
      T result = (T) ModelThreads.call(() -> call(model, block));
      return result;
    } catch (Throwable t) {
      throw GradRegion.<E>rethrow(t);
    }
  }

  /** Rethrows what a block threw: it may only be an {@code E} or unchecked. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public String toString() {
    return enabled ? "GradRegion[enableGrad]" : "GradRegion[noGrad]";
  }
}
