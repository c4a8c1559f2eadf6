package dev.decor.grad;

import dev.decor.engine.GradScopes;
import dev.decor.engine.GradState;
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
 */
public final class GradMode {
  private GradMode() {}

  /** Whether gradient recording is enabled on the calling thread ({@code torch.is_grad_enabled()}). */
  public static boolean isEnabled() {
    return GradState.isEnabled();
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
   * closes; the model's previous training flag is restored then.
   *
   * @throws NullPointerException if {@code model} is null
   */
  public static GradScope inference(Trainable model) {
    return GradScopes.open(false, Objects.requireNonNull(model, "model"));
  }
}
