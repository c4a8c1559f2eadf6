package dev.decor.engine;

/**
 * The runtime-only grad-mode diagnostics (the processor never reports these), each with its
 * stable {@code [decor/…]} ID. Tests assert against the same methods.
 */
public final class GradMessages {
  private GradMessages() {}

  /** The system property that makes every grad scope record where it was opened. */
  public static final String DEBUG_PROPERTY = "decor.grad.debug";

  public static String scopeOnVirtualThread(String thread) {
    return "[decor/GradScopeOnVirtualThread] A grad scope cannot be opened on virtual thread '"
        + thread + "': libtorch keeps grad mode per OS thread, and a virtual thread may move to"
        + " another one inside the scope. Run the block with GradMode.noGrad(() -> ...)"
        + " (or enableGrad/set/inference with a block), or call a @NoGrad/@InferenceMode method;"
        + " both run it on a decor model thread in the right mode.";
  }

  public static String notInlinable(String chain) {
    return "[decor/GradNotInlinable] " + chain + " cannot enter grad mode on the calling thread,"
        + " which is virtual; call it through Chain.invoke, which runs the body on a decor model"
        + " thread (check Chain.gradInlinable() first).";
  }

  public static String scopeLeaked(int count, String thread) {
    return "[decor/GradScopeLeak] A task on thread '" + thread + "' returned with " + count
        + " grad scope(s) still open; decor closed them so the next task starts with the mode"
        + " it had before. Close every scope with try-with-resources. Run with -D" + DEBUG_PROPERTY
        + "=true to see where each was opened.";
  }
}
