package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Memoizes the annotated method's results — decor's {@code @lru_cache(maxsize=…)}, backed by
 * Caffeine (W-TinyLFU eviction).
 *
 * <p>One cache per method, bounded by {@link #maxSize()} across all instances. The key is the
 * receiver (by identity, held weakly, so two instances never share results and the cache keeps
 * no instance alive) plus every argument: value types by {@code equals}, arrays and
 * {@link java.nio.ByteBuffer}s by a 128-bit content digest taken at call time. Concurrent misses
 * on one key compute it once. Exceptions are not cached; {@code null} results are. Statistics
 * and clearing: {@link dev.decor.cache.Caches}.
 *
 * <pre>{@code
 * @Cached(maxSize = 1024)
 * public Prediction predict(byte[] image) { ... }   // same bytes again: a hit
 * }</pre>
 *
 * <p>Array results are safe to mutate: the cache keeps a private copy of an array result
 * (primitive arrays, and object arrays shallowly: the elements are shared) and every caller,
 * the one that computed it included, gets its own array. Python's {@code lru_cache} hands every
 * caller the same object; in Java that would let one caller's {@code embedding[0] = -999} reach
 * the next. The cost is one {@code clone} per call. Other mutable results (lists, maps, your own
 * objects) are shared as they are: return immutable values. A {@code CompletionStage} result is
 * shared as the same rule applied to its value, each caller getting its own future.
 *
 * <p><b>Shared tier.</b> With {@link #shared()} (or when the engine's configuration names the
 * cache), a miss in the in-process tier asks a cache shared by every replica — any JCache provider,
 * e.g. a Hazelcast cluster — before running the method, and a computed value is written there for
 * the others. Its keys mean the same in every JVM, so they are built from values only: the cache
 * name, the method's signature, the receiver's {@link CacheNamespace} and arguments that are
 * primitives, strings, enums, records of those, arrays or {@link java.nio.ByteBuffer}s (arrays and
 * buffers by a 128-bit digest). The shared tier never makes a call fail: when it is slow or down
 * the method runs, as it would without it. See docs/caching.md.
 *
 * <p>Invocation contract: the method proceeds zero or one time per call.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cached {
  /** Bound on entries; 0 disables caching (every call is a miss), like {@code lru_cache(maxsize=0)}. */
  int maxSize() default 128;

  /** Time to live after a value is written, e.g. {@code "10m"}; empty means no expiry. */
  String expireAfterWrite() default "";

  /** Cache name for {@link dev.decor.cache.Caches}; empty means the method's default name. */
  String name() default "";

  /**
   * Also share results through the engine's shared tier, when it has one (without one the cache
   * stays in-process). The engine's configuration can share a cache without this flag, by name.
   * Requires stable keys: arguments of the kinds above and, on an instance method, a receiver that
   * implements {@link CacheNamespace}; otherwise a compile error ({@code [decor/SharedKey]},
   * {@code [decor/SharedNamespace]}).
   */
  boolean shared() default false;
}
