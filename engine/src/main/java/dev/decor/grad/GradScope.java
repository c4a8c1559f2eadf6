package dev.decor.grad;

/**
 * An open grad-mode scope: closing it restores exactly the state that was current when it opened
 * — the Java form of Python's {@code with torch.no_grad():}.
 *
 * <pre>{@code
 * try (GradScope s = GradMode.noGrad()) {
 *   logits = model.forward(x);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: close a scope on the thread that opened it, innermost first. Closing twice
 * is harmless.
 */
public interface GradScope extends AutoCloseable {
  /**
   * Restores the grad mode (and the model's training flag, for an inference scope) saved when
   * this scope opened.
   *
   * @throws IllegalStateException if called on another thread, or while a scope opened after
   *     this one is still open; the thread's state is still restored to what this scope saved
   */
  @Override
  void close();
}
