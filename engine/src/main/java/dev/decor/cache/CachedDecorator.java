package dev.decor.cache;

import dev.decor.kernel.CallContext;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.spec.CachedSpec;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * {@code @Cached}: answers from the method's {@link MethodCache}, or runs the rest of the chain
 * once per key.
 *
 * <p>Invocation contract: proceeds zero or one time (more only for true self-recursion on one
 * key, which is computed uncached rather than deadlocking).
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class CachedDecorator {
  /** What {@link #hit} returns when the chain has to run: never a method's result. */
  public static final Object MISS = new Object() {
    @Override
    public String toString() {
      return "Chain.MISS";
    }
  };

  /** The key value a {@code @Timed} call's Observation gets: {@code hit} or {@code miss}. */
  public static final String KEY_VALUE = "decor.cache";

  private final MethodCache cache;
  private final MethodKey key;
  /** The engine's ObservationRegistry, or null. */
  private final ObservationRegistry observations;
  /**
   * Makes a call's key from its arguments: a generated wrapper's key class; null for the engine's
   * own keys, which are built by a direct call (one factory call site shared by every cache would
   * see many classes, and not be inlined).
   */
  private final CacheKey.Factory keys;

  /**
   * @param observations where the method's {@code @Timed} Observation is, or null for none
   * @param keys the method's key factory (a generated wrapper's key class), or null for the
   *     engine's own keys
   */
  public CachedDecorator(CacheRegistry caches, MethodKey key, CachedSpec spec,
      ObservationRegistry observations, CacheKey.Factory keys) {
    String name = spec.name().isEmpty() ? key.defaultName() : spec.name();
    this.cache = caches.register(name, key, spec);
    this.key = key;
    this.observations = observations;
    this.keys = keys;
  }

  public Object around(Next next, Object self, Object[] args, Invocation body)
      throws Throwable {
    Observation call = observations == null ? null : CallContext.current(observations, key);
    return call == null ? cache.get(self, args, keys, next, body)
        : observed(call, next, self, args, body);
  }

  /**
   * {@link #around} in a {@code @Timed} call's Observation: {@code decor.cache=miss} when this
   * call runs the method, else {@code hit} (answered by the cache, or by a concurrent call's
   * computation of the same key).
   */
  private Object observed(Observation call, Next next, Object self, Object[] args,
      Invocation body) throws Throwable {
    call.lowCardinalityKeyValue(KEY_VALUE, "hit");
    return cache.get(self, args, keys, (s, a, b) -> {
      call.lowCardinalityKeyValue(KEY_VALUE, "miss");
      return next.proceed(s, a, b);
    }, body);
  }

  /**
   * The hit's answer for a key of the chain's own key class (the one {@code keys} makes), or
   * {@link #MISS}; see {@link MethodCache#hit(CacheKey)}.
   */
  public Object hit(CacheKey key) {
    return cache.hit(key);
  }

  /** {@link #hit(CacheKey)} for a chain on the engine's own keys: the key of these arguments. */
  public Object hit(Object self, Object[] args) {
    return cache.hit(self, args);
  }

  @Override
  public String toString() {
    return cache.toString();
  }
}
