package dev.decor.limit;

import dev.decor.kernel.GlobalEngine;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The concurrency limits of {@link dev.decor.ConcurrencyLimit @ConcurrencyLimit} methods on the
 * global engine, by name: a group's name, or the decor name of a method with its own limit. The
 * same numbers are Micrometer's {@code decor.limit.active}, {@code decor.limit.waiting} and
 * {@code decor.limit.rejected}.
 *
 * <pre>{@code
 * Limits.stats("gpu").ifPresent(s -> log.info("{} of {} running, {} waiting", s.active(), s.limit(), s.waiting()));
 * }</pre>
 *
 * <p>A limit exists once a chain using it is built. Thread-safe.
 */
public final class Limits {
  private Limits() {}

  /** A snapshot of the limit named {@code name}, if one exists. */
  public static Optional<LimitStats> stats(String name) {
    return Optional.ofNullable(registry().stats(Objects.requireNonNull(name, "name")));
  }

  /** The names of the global engine's limits. */
  public static Set<String> names() {
    return registry().names();
  }

  private static LimitRegistry registry() {
    return GlobalEngine.part(LimitRegistry.class);
  }
}
