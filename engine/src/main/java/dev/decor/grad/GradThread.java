package dev.decor.grad;

import dev.decor.kernel.VirtualThreads;

/**
 * The calling platform thread's grad state, as a handle: what {@link GradRegion#current()}
 * returns, so a front end that brackets a body itself ({@link GradRegion#enter(GradThread,
 * Trainable)} ... {@link GradRegion#exit(GradThread, Trainable, long)}) looks the thread's state up
 * once per region rather than at both ends. Python keeps this flag in a C++ thread-local of
 * libtorch; decor keeps its own beside it, per thread, and mirrors it into each backend.
 *
 * <p>Opaque and bound to one thread: use it only on the thread it came from, and never keep it
 * past the region. A virtual thread has one too, but {@link GradRegion#current()} does not hand it
 * out: grad regions there run on a decor model thread ({@link GradRegion#call}).
 */
public final class GradThread {
  /**
   * Decided once per thread: a virtual thread never touches the backends itself, its grad
   * regions run on {@link ModelThreads} (see there for why).
   */
  final boolean offload = VirtualThreads.isVirtual(Thread.currentThread());

  boolean enabled = true;
  /** The innermost open API scope, for out-of-order detection; null when none is open. */
  Object top;

  GradThread() {}
}
