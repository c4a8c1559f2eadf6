package dev.decor.grad;

import java.util.List;
import java.util.Objects;

/**
 * Grad-mode context managers — PyTorch's {@code torch.no_grad()}, {@code torch.enable_grad()},
 * {@code torch.set_grad_enabled(b)} and {@code inference_mode} with {@code model.eval()}, as
 * try-with-resources scopes.
 *
 * <pre>{@code
 * try (GradScope s = GradMode.inference(model)) {   // eval + no_grad
 *   return model.forward(x);
 * }                                                  // previous mode and training flag restored
 * }</pre>
 *
 * <p>Grad mode is per thread, and a new thread starts with grad enabled. Scopes nest; closing one
 * restores exactly the state that was current when it opened, in decor's flag and in every
 * {@link GradBackend} (a real tensor engine such as PyTorch through DJL). Thread-safe: each call
 * acts on the calling thread only.
 *
 * <h2>Virtual threads</h2>
 * libtorch keeps grad mode per OS thread, and a virtual thread may change OS thread (carrier)
 * after any blocking call, so a scope cannot be correct there: opening one on a virtual thread
 * throws {@code [decor/GradScopeOnVirtualThread]} at once. Use the block forms instead, which
 * work on every kind of thread — inline on a platform thread, on one of decor's platform "model
 * threads" while a virtual thread waits ({@link GradRegion#canEnter()} tells which applies):
 *
 * <pre>{@code
 * Classifications c = GradMode.inference(model, () -> model.forward(x));
 * }</pre>
 *
 * A virtual thread that never enters a region keeps grad enabled; {@link #isEnabled()} is
 * always true there.
 *
 * <p>The model threads are daemon platform threads named {@code decor-model-N}, started on first
 * use and stopped after 30 s idle; {@code -Ddecor.modelThreads=N} caps how many run at once
 * (default: the number of processors, at least 2).
 */
public final class GradMode {
  private GradMode() {}

  /** Whether gradient recording is enabled on the calling thread ({@code torch.is_grad_enabled()}). */
  public static boolean isEnabled() {
    return GradState.isEnabled();
  }

  /**
   * The {@link GradBackend}s decor mirrors grad mode into in this JVM, by class name; empty when
   * only decor's own flag changes. Check it at start-up to be sure grad mode reaches your tensor
   * engine (for DJL's PyTorch engine: {@code dev.decor.djl.DjlPyTorchGradBackend}).
   *
   * @return an unmodifiable list, the same for the life of the JVM
   */
  public static List<String> activeBackends() {
    return GradState.activeBackends();
  }

  /** Disables gradient recording until the scope closes ({@code torch.no_grad()}). */
  public static GradScope noGrad() {
    return GradScopes.open(false, null);
  }

  /** Enables gradient recording until the scope closes ({@code torch.enable_grad()}). */
  public static GradScope enableGrad() {
    return GradScopes.open(true, null);
  }

  /** Sets gradient recording until the scope closes ({@code torch.set_grad_enabled(enabled)}). */
  public static GradScope set(boolean enabled) {
    return GradScopes.open(enabled, null);
  }

  /**
   * Switches {@code model} to evaluation mode and disables gradient recording until the scope
   * closes; the model's previous training flag is restored then. Inference regions on one model
   * from many threads overlap safely: it stays in eval until the last one ends.
   *
   * @throws NullPointerException if {@code model} is null
   */
  public static GradScope inference(Trainable model) {
    return GradScopes.open(false, Objects.requireNonNull(model, "model"));
  }

  /**
   * Runs {@code block} with gradient recording disabled and returns its result — the body of
   * {@code with torch.no_grad():}. Works on virtual threads (see the class Javadoc).
   *
   * @throws E exactly what {@code block} threw, after the previous mode is restored
   */
  public static <T, E extends Throwable> T noGrad(GradBlock<T, E> block) throws E {
    return GradRegion.noGrad().call(null, Objects.requireNonNull(block, "block"));
  }

  /** Runs {@code block} with gradient recording enabled ({@code with torch.enable_grad():}). */
  public static <T, E extends Throwable> T enableGrad(GradBlock<T, E> block) throws E {
    return GradRegion.enableGrad().call(null, Objects.requireNonNull(block, "block"));
  }

  /** Runs {@code block} with gradient recording set to {@code enabled}. */
  public static <T, E extends Throwable> T set(boolean enabled, GradBlock<T, E> block) throws E {
    return GradRegion.set(enabled).call(null, Objects.requireNonNull(block, "block"));
  }

  /**
   * Runs {@code block} with {@code model} in eval mode and gradient recording disabled. When
   * several threads share {@code model}, it stays in eval until the last of their inference
   * regions ends, then gets back the mode it had before the first began.
   */
  public static <T, E extends Throwable> T inference(Trainable model, GradBlock<T, E> block)
      throws E {
    return GradRegion.noGrad().call(Objects.requireNonNull(model, "model"),
        Objects.requireNonNull(block, "block"));
  }
}
