package dev.decor.internal;

import dev.decor.grad.GradScope;
import dev.decor.grad.Trainable;

/** Opens the API's {@link GradScope}s and detects scopes closed out of order or off-thread. */
public final class GradScopes {
  private GradScopes() {}

  /** Opens a scope that sets grad mode to {@code enabled} and, if given, puts {@code model} in eval. */
  public static GradScope open(boolean enabled, Trainable model) {
    GradState.PerThread state = GradState.perThread();
    boolean wasTraining = false;
    if (model != null) {
      wasTraining = model.isTraining();
      model.setTraining(false);
    }
    long token;
    try {
      token = GradState.enter(enabled);
    } catch (RuntimeException | Error e) {
      if (model != null) {
        model.setTraining(wasTraining);
      }
      throw e;
    }
    Scope scope = new Scope(Thread.currentThread(), (Scope) state.top, token, model, wasTraining);
    state.top = scope;
    return scope;
  }

  private static final class Scope implements GradScope {
    private final Thread owner;
    private final Scope parent;
    private final long token;
    private final Trainable model;
    private final boolean wasTraining;
    private boolean closed;

    Scope(Thread owner, Scope parent, long token, Trainable model, boolean wasTraining) {
      this.owner = owner;
      this.parent = parent;
      this.token = token;
      this.model = model;
      this.wasTraining = wasTraining;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(Messages.gradScopeWrongThread(owner.getName()));
      }
      GradState.PerThread state = GradState.perThread();
      Scope inner = (Scope) state.top;
      boolean inOrder = inner == this;
      closed = true;
      state.top = parent;
      try {
        // An inner scope still open is unwound too, innermost first (its model back to its saved
        // mode), so the thread ends in the state this scope saved; then the bug is reported.
        for (; inner != null && inner != this; inner = inner.parent) {
          inner.closed = true;
          inner.restoreModel();
        }
        restoreModel();
      } finally {
        GradState.exit(token);
      }
      if (!inOrder) {
        throw new IllegalStateException(Messages.gradScopeOutOfOrder());
      }
    }

    private void restoreModel() {
      if (model != null) {
        model.setTraining(wasTraining);
      }
    }

    @Override
    public String toString() {
      return "GradScope[" + (model == null ? "" : "inference, ") + (closed ? "closed" : "open") + "]";
    }
  }
}
