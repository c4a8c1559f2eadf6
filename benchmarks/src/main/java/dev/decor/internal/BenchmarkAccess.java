package dev.decor.engine;

/**
 * Lets the benchmarks call package-private engine code directly. It lives in the benchmarks
 * module (same package name, class path only) so the runtime needs no hook for it.
 */
public final class BenchmarkAccess {
  private BenchmarkAccess() {}

  /** The {@code @Cached} key of one argument: for a {@code byte[]}, its 128-bit content digest. */
  public static Object cacheKeyOf(Object argument) {
    return CacheKeys.normalize(argument);
  }
}
