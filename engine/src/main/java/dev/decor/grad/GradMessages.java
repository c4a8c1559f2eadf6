package dev.decor.grad;

/**
 * The runtime-only grad-mode diagnostics (the processor never reports these), each with its
 * stable {@code [decor/…]} ID. Tests assert against the same methods.
 */
final class GradMessages {
  private GradMessages() {}

  /** The system property that makes every grad scope record where it was opened. */
  static final String DEBUG_PROPERTY = "decor.grad.debug";

  static String scopeOnVirtualThread(String thread) {
    return "[decor/GradScopeOnVirtualThread] A grad scope cannot be opened on virtual thread '"
        + thread + "': libtorch keeps grad mode per OS thread, and a virtual thread may move to"
        + " another one inside the scope. Run the block with GradMode.noGrad(() -> ...)"
        + " (or enableGrad/set/inference with a block), or call a @NoGrad/@InferenceMode method;"
        + " both run it on a decor model thread in the right mode.";
  }

  static String notInlinable(String thread) {
    return "[decor/GradNotInlinable] A grad region cannot be entered inline on virtual thread '"
        + thread + "': libtorch keeps grad mode per OS thread. Run the body with"
        + " GradRegion.call (or a decorated chain's Chain.invoke), which runs it on a decor model"
        + " thread; check GradRegion.canEnter() first.";
  }

  static String scopeLeaked(int count, String thread) {
    return "[decor/GradScopeLeak] A task on thread '" + thread + "' returned with " + count
        + " grad scope(s) still open; decor closed them so the next task starts with the mode"
        + " it had before. Close every scope with try-with-resources. Run with -D" + DEBUG_PROPERTY
        + "=true to see where each was opened.";
  }
}
