package dev.decor.kernel;

import java.util.ServiceLoader;

/**
 * Where the wings' static facades ({@code Timings}, {@code Caches}, {@code Retries}) find the
 * global engine, without importing the assembly that builds it — Micrometer's
 * {@code Metrics.globalRegistry} pattern: a holder at the bottom. The assembly provides it
 * ({@link java.util.ServiceLoader}, {@code META-INF/services}), and asking for a part creates the
 * global engine with its defaults on first use, exactly as the first decorated call would.
 *
 * <p>Not API: for the engine's own packages. Thread-safe.
 */
public final class GlobalEngine {
  private GlobalEngine() {}

  /** Implemented by the assembly: the global engine's parts, by type. */
  public interface Provider {
    /**
     * The global engine's part of {@code type} (a wing's registry).
     *
     * @throws IllegalArgumentException if the engine has no part of that type
     */
    <T> T part(Class<T> type);
  }

  /** Found once, on first use. */
  private static final class Loaded {
    static final Provider PROVIDER = ServiceLoader
        .load(Provider.class, GlobalEngine.class.getClassLoader())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "decor-engine is incomplete: no " + Provider.class.getName() + " service"));
  }

  /** The global engine's part of {@code type}, creating the engine on first use. */
  public static <T> T part(Class<T> type) {
    return Loaded.PROVIDER.part(type);
  }
}
