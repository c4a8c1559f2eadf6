package dev.decor.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.decor.cache.CacheStats;
import dev.decor.spec.CachedSpec;
import java.lang.ref.ReferenceQueue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code @Cached} method's cache: a bounded Caffeine cache (W-TinyLFU) plus single-flight.
 *
 * <h2>Single-flight without "Recursive update"</h2>
 * {@code Cache.get(key, fn)} and {@code computeIfAbsent} run the function under a lock of the
 * map, so a recursive {@code @Cached} method (Fibonacci) fails there. Instead a miss inserts an
 * {@link InFlight} placeholder with {@code putIfAbsent}, computes <em>outside</em> any lock, then
 * replaces the placeholder with the value. Other threads missing the same key wait on the
 * placeholder; the computing thread reaching its own key again (true self-recursion) computes
 * without caching rather than deadlock. A failure removes the placeholder (exceptions are not
 * cached) and is rethrown to every waiter.
 *
 * <p>Statistics are decor's own counters (so {@code clear} can reset them): a hit is a call answered
 * with a value without running the method, a miss any other call (one that ran the method, or
 * that waited for another thread's computation and got its exception), so hits + misses = calls.
 * Thread-safe.
 */
final class MethodCache {
  private static final Object NULL_VALUE = new Object();

  private final String name;
  private final MethodKey owner;
  private final CachedSpec spec;
  private final int maxSize;
  /** The method returns a {@code CompletionStage}: callers get copies, failed futures are dropped. */
  private final boolean async;
  private final Cache<Object, Object> cache;
  private final ConcurrentMap<Object, Object> map;
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  MethodCache(String name, MethodKey owner, CachedSpec spec) {
    this.name = name;
    this.owner = owner;
    this.spec = spec;
    this.maxSize = spec.maxSize();
    this.async = owner.returnKind() == ReturnKind.ASYNC;
    if (maxSize == 0) {
      this.cache = null;
      this.map = null;
      return;
    }
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .maximumSize(maxSize)
        .executor(Runnable::run)
        .evictionListener((k, v, cause) -> {
          if (cause.wasEvicted()) {
            evictions.increment();
          }
        });
    Duration ttl = spec.ttl();
    if (ttl != null) {
      builder.expireAfterWrite(ttl);
    }
    this.cache = builder.build();
    this.map = cache.asMap();
  }

  MethodKey owner() {
    return owner;
  }

  CachedSpec spec() {
    return spec;
  }

  /** A value in flight: the computing thread and the future its waiters join. */
  private static final class InFlight extends CompletableFuture<Object> {
    final Thread computer = Thread.currentThread();
  }

  /** The cached value for the key, or the result of {@code next} computed once. */
  Object get(Object self, Object[] args, Pipeline chain, Invocation body)
      throws Throwable {
    if (cache == null) {
      misses.increment();
      return chain.afterCached(self, args, body);
    }
    Object argsKey = CacheKeys.argsKey(args);
    Object found = cache.getIfPresent(CacheKeys.lookupKey(self, argsKey));
    if (found != null && !(found instanceof InFlight)) {
      hits.increment();
      return fromStored(found);
    }
    return miss(self, args, argsKey, chain, body);
  }

  private Object miss(Object self, Object[] args, Object argsKey, Pipeline chain, Invocation body)
      throws Throwable {
    expungeCollectedReceivers();
    Object key = CacheKeys.storedKey(self, argsKey, collected);
    InFlight mine = new InFlight();
    Object existing = map.putIfAbsent(key, mine);
    if (existing == null) {
      return compute(key, mine, self, args, chain, body);
    }
    if (!(existing instanceof InFlight)) {
      hits.increment();
      return fromStored(existing);
    }
    InFlight other = (InFlight) existing;
    if (other.computer == Thread.currentThread()) {
      // The method asked for its own key while computing it: compute again, uncached.
      misses.increment();
      return chain.afterCached(self, args, body);
    }
    Object value;
    try {
      value = other.join();
    } catch (CompletionException e) {
      misses.increment();
      throw e.getCause() == null ? e : e.getCause();
    }
    hits.increment();
    return async ? copy(value) : value;
  }

  private Object compute(Object key, InFlight mine, Object self, Object[] args, Pipeline chain,
      Invocation body) throws Throwable {
    misses.increment();
    Object value;
    try {
      value = chain.afterCached(self, args, body);
    } catch (Throwable t) {
      map.remove(key, mine);
      mine.completeExceptionally(t);
      throw t;
    }
    Object stored = value == null ? NULL_VALUE : value;
    map.replace(key, mine, stored);
    if (async && value instanceof CompletableFuture) {
      ((CompletableFuture<?>) value).whenComplete((v, t) -> {
        if (t != null) {
          map.remove(key, stored);
        }
      });
    }
    mine.complete(value);
    return async ? copy(value) : value;
  }

  private Object fromStored(Object stored) {
    if (stored == NULL_VALUE) {
      return null;
    }
    return async ? copy(stored) : stored;
  }

  /** Callers get their own view of a cached future, so completing it cannot poison the cache. */
  private static Object copy(Object value) {
    return value instanceof CompletableFuture ? ((CompletableFuture<?>) value).copy() : value;
  }

  private void expungeCollectedReceivers() {
    Object dead;
    while ((dead = collected.poll()) != null) {
      map.remove(dead);
    }
  }

  CacheStats stats() {
    long size = 0;
    if (cache != null) {
      cache.cleanUp();
      size = cache.estimatedSize();
    }
    return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), size, maxSize);
  }

  void clear() {
    if (cache != null) {
      cache.invalidateAll();
      cache.cleanUp();
    }
    hits.reset();
    misses.reset();
    evictions.reset();
  }

  @Override
  public String toString() {
    return "Cached[name=" + name + ", maxSize=" + maxSize + "]";
  }
}
