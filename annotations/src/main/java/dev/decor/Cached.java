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
}
