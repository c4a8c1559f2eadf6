package dev.decor.grad;

import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayDeque;

/**
 * Lets Micrometer's context propagation carry a no-grad region to other threads: a
 * {@code ContextSnapshot} captured where grad is off opens a no-grad scope on the thread it is
 * restored on, and closes it when the snapshot's scope ends.
 *
 * <p>Opt-in, because PyTorch starts every new thread and continuation with grad on: decor does not
 * register it with {@link java.util.ServiceLoader}. Register it once at start-up:
 *
 * <pre>{@code
 * ContextRegistry.getInstance().registerThreadLocalAccessor(new GradModeAccessor());
 * }</pre>
 *
 * <p>Needs {@code io.micrometer:context-propagation} on the class path (an optional dependency of
 * decor-engine). Captures only the grad flag ({@code false} when grad is off; nothing when it is
 * on, the default). Restoring onto a virtual thread fails with
 * {@code [decor/GradScopeOnVirtualThread]}: use {@link GradContext#propagating} there. Thread-safe:
 * each call acts on the calling thread.
 */
public final class GradModeAccessor implements ThreadLocalAccessor<Boolean> {
  /** The key this accessor is registered under. */
  public static final String KEY = "dev.decor.grad";

  /** The scopes opened by {@link #setValue} on each thread, innermost first. */
  private static final ThreadLocal<ArrayDeque<GradScope>> OPENED =
      ThreadLocal.withInitial(ArrayDeque::new);

  @Override
  public Object key() {
    return KEY;
  }

  /** {@code false} when grad is off on this thread; null (nothing to carry) when it is on. */
  @Override
  public Boolean getValue() {
    return GradMode.isEnabled() ? null : Boolean.FALSE;
  }

  @Override
  public void setValue(Boolean enabled) {
    push(enabled);
  }

  /** A snapshot without this key, restored with clearing: the default, grad on. */
  @Override
  public void setValue() {
    push(true);
  }

  @Override
  public void restore(Boolean previousValue) {
    pop();
  }

  @Override
  public void restore() {
    pop();
  }

  /** Opens the scope; on a virtual thread {@link GradMode#set(boolean)} refuses it. */
  private static void push(boolean enabled) {
    GradScope scope = GradMode.set(enabled);
    OPENED.get().push(scope);
  }

  private static void pop() {
    GradScope scope = OPENED.get().poll();
    if (scope != null) {
      scope.close();
    }
  }
}
