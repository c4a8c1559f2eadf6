package dev.decor.internal;

/**
 * {@code @Cached}: answers from the method's {@link MethodCache}, or runs the rest of the chain
 * once per key.
 *
 * <p>Invocation contract: proceeds zero or one time (more only for true self-recursion on one
 * key, which is computed uncached rather than deadlocking).
 */
final class CachedDecorator {
  private final MethodCache cache;
  private final boolean async;

  CachedDecorator(MethodKey key, CachedSpec spec, ReturnKind kind) {
    String name = spec.name().isEmpty() ? key.defaultName() : spec.name();
    this.cache = CacheRegistry.register(name, key, spec);
    this.async = kind == ReturnKind.ASYNC;
  }

  Object around(Chain chain, Object self, Object[] args, Invocation body) throws Throwable {
    return cache.get(self, args, chain, body, async);
  }

  @Override
  public String toString() {
    return cache.toString();
  }
}
