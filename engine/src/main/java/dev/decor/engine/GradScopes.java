package dev.decor.engine;

import dev.decor.grad.GradScope;
import dev.decor.grad.Trainable;
import dev.decor.spec.Messages;

/** Opens the API's {@link GradScope}s and detects scopes closed out of order or off-thread. */
public final class GradScopes {
  private GradScopes() {}

  /** Opens a scope that sets grad mode to {@code enabled} and, if given, puts {@code model} in eval. */
  public static GradScope open(boolean enabled, Trainable model) {
    GradState.PerThread state = GradState.perThread();
    long token = GradState.enter(state, enabled, model);
    Scope scope = new Scope(Thread.currentThread(), (Scope) state.top, token, model);
    state.top = scope;
    return scope;
  }

  private static final class Scope implements GradScope {
    private final Thread owner;
    private final Scope parent;
    private final long token;
    private final Trainable model;
    private boolean closed;

    Scope(Thread owner, Scope parent, long token, Trainable model) {
      this.owner = owner;
      this.parent = parent;
      this.token = token;
      this.model = model;
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
      // An inner scope still open is unwound too, innermost first (its model back to its saved
      // mode), so the thread ends in the state this scope saved; then the bug is reported.
      try {
        for (; inner != null && inner != this; inner = inner.parent) {
          inner.closed = true;
          GradState.restoreModel(inner.model, inner.token);
        }
      } finally {
        GradState.exit(state, token, model);
      }
      if (!inOrder) {
        throw new IllegalStateException(Messages.gradScopeOutOfOrder());
      }
    }

    @Override
    public String toString() {
      return "GradScope[" + (model == null ? "" : "inference, ") + (closed ? "closed" : "open") + "]";
    }
  }
}
