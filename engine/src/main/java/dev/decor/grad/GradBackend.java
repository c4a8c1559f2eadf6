package dev.decor.grad;

/**
 * Service-provider interface that mirrors decor's grad mode into a real tensor engine.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in a
 * {@code META-INF/services/dev.decor.grad.GradBackend} file of its jar (Google's AutoService
 * processor writes that file from {@code @AutoService(GradBackend.class)}, if you use it). decor's own thread-local flag always exists; a
 * backend for DJL's PyTorch engine ships with decor and is active when that engine is on the
 * class path. Grad mode is per thread, so every method acts on the calling thread only.
 *
 * <p>Implementations must be thread-safe and cheap: they run on every grad-mode change.
 */
public interface GradBackend {
  /**
   * Whether this backend can act in this JVM (its engine is on the class path and loads).
   * Called once, when {@link GradMode} is first used; an unavailable backend is never called again.
   * Always called on a platform thread (a short-lived one of decor's when grad mode is first used
   * on a virtual thread), so an engine that sets per-OS-thread state while it loads never leaves
   * it on a carrier shared by virtual threads. It must not use {@link GradMode} itself.
   */
  boolean isAvailable();

  /**
   * Sets the engine's grad mode on the calling thread, which is never a virtual thread (decor
   * runs grad regions entered there on its platform model threads).
   *
   * @return the engine's previous grad mode on this thread, which decor passes back when the
   *     scope closes
   */
  boolean setEnabled(boolean enabled);
}
