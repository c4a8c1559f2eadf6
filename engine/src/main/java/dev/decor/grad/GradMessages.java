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

  /**
   * {@code type} is the simple name of the receiver's declared class, or null when the method is
   * static (or the chain is called without a receiver).
   */
  static String inferenceModeNotTrainable(String method, String type) {
    return "[decor/InferenceModeNotTrainable] @InferenceMode on '" + method + "': "
        + (type == null ? "there is no receiver" : type + " does not implement Trainable")
        + ", so no model is switched to eval mode; the call only turns grad off, and a model the"
        + " method uses stays in the mode it is in (training, after a training run). "
        + (type == null ? "Name" : "Make " + type + " Trainable by delegating to its model, or name")
        + " the model with GradMode.inference(model, ...); where there is no model, use @NoGrad.";
  }

  static String scopeLeaked(int count, String thread) {
    return "[decor/GradScopeLeak] A task on thread '" + thread + "' returned with " + count
        + " grad scope(s) still open; decor closed them so the next task starts with the mode"
        + " it had before. Close every scope with try-with-resources. Run with -D" + DEBUG_PROPERTY
        + "=true to see where each was opened.";
  }
}
