package dev.decor.grad;

import dev.decor.internal.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the API's {@link GradScope}s, detects scopes closed out of order or off-thread, refuses
 * them on virtual threads, and closes scopes a task leaked (see {@link #closeLeaked}).
 *
 * <p>With {@code -Ddecor.grad.debug=true} every scope records where it was opened (a stack
 * trace, so only for debugging), and a leak report shows it. Thread-safe: each call acts on the
 * calling thread's scopes only.
 */
final class GradScopes {
  private static final Logger log = LoggerFactory.getLogger(GradScopes.class);
  private static final boolean DEBUG = Boolean.getBoolean(GradMessages.DEBUG_PROPERTY);

  private GradScopes() {}

  /**
   * Opens a scope that sets grad mode to {@code enabled} and, if given, puts {@code model} in eval.
   *
   * @throws IllegalStateException on a virtual thread ({@code [decor/GradScopeOnVirtualThread]})
   */
  static GradScope open(boolean enabled, Trainable model) {
    GradThread state = GradState.perThread();
    if (state.offload) {
      throw new IllegalStateException(
          GradMessages.scopeOnVirtualThread(Thread.currentThread().toString()));
    }
    long token = GradState.enter(state, enabled, model);
    Scope scope = new Scope(Thread.currentThread(), (Scope) state.top, token, model);
    state.top = scope;
    return scope;
  }

  /** The calling thread's innermost open scope, or null: a mark for {@link #closeLeaked}. */
  static Object innermost() {
    return GradState.perThread().top;
  }

  /**
   * Closes, innermost first, every scope the calling thread opened after {@code mark} (from
   * {@link #innermost}) and left open, restoring the state each saved, and logs a
   * {@code [decor/GradScopeLeak]} warning (with where each was opened, in debug mode).
   *
   * @return how many scopes were left open
   */
  static int closeLeaked(Object mark) {
    GradThread state = GradState.perThread();
    int count = 0;
    Scope leaked = null;
    for (Scope s = (Scope) state.top; s != null && s != mark; s = s.parent) {
      leaked = s;
      count++;
    }
    if (leaked == null) {
      return 0;
    }
    IllegalStateException report = new IllegalStateException(
        GradMessages.scopeLeaked(count, Thread.currentThread().getName()));
    for (Scope s = (Scope) state.top; s != null && s != mark; s = s.parent) {
      if (s.openedAt != null) {
        report.addSuppressed(s.openedAt);
      }
    }
    leaked.unwind();
    log.warn(report.getMessage(), DEBUG ? report : null);
    return count;
  }

  private static final class Scope implements GradScope {
    private final Thread owner;
    private final Scope parent;
    private final long token;
    private final Trainable model;
    /** Where the scope was opened, in debug mode only. */
    private final Throwable openedAt;
    private boolean closed;

    Scope(Thread owner, Scope parent, long token, Trainable model) {
      this.owner = owner;
      this.parent = parent;
      this.token = token;
      this.model = model;
      this.openedAt = DEBUG ? new Throwable("grad scope opened here") : null;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(Messages.gradScopeWrongThread(owner.getName()));
      }
      if (!unwind()) {
        throw new IllegalStateException(Messages.gradScopeOutOfOrder());
      }
    }

    /**
     * Closes this scope and any inner scope still open, innermost first (its model back to its
     * saved mode), so the thread ends in the state this scope saved.
     *
     * @return whether this was the innermost scope (closed in order)
     */
    boolean unwind() {
      GradThread state = GradState.perThread();
      Scope inner = (Scope) state.top;
      boolean inOrder = inner == this;
      closed = true;
      state.top = parent;
      try {
        for (; inner != null && inner != this; inner = inner.parent) {
          inner.closed = true;
          GradState.exitModel(inner.model, inner.token);
        }
      } finally {
        GradState.exit(state, token, model);
      }
      return inOrder;
    }

    @Override
    public String toString() {
      return "GradScope[" + (model == null ? "" : "inference, ") + (closed ? "closed" : "open") + "]";
    }
  }
}
