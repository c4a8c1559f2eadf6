package dev.decor.engine;

import dev.decor.spec.CachedSpec;
/**
 * {@code @Cached}: answers from the method's {@link MethodCache}, or runs the rest of the chain
 * once per key.
 *
 * <p>Invocation contract: proceeds zero or one time (more only for true self-recursion on one
 * key, which is computed uncached rather than deadlocking).
 */
final class CachedDecorator {
  private final MethodCache cache;

  CachedDecorator(Decor engine, MethodKey key, CachedSpec spec) {
    String name = spec.name().isEmpty() ? key.defaultName() : spec.name();
    this.cache = engine.caches().register(name, key, spec);
  }

  Object around(Pipeline chain, Object self, Object[] args, Invocation body) throws Throwable {
    return cache.get(self, args, chain, body);
  }

  /** The hit's answer, or {@link Chain#MISS}; see {@link MethodCache#hit}. */
  Object hit(Object self, Object[] args) {
    return cache.hit(self, args);
  }

  @Override
  public String toString() {
    return cache.toString();
  }
}
