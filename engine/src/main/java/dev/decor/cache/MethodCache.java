package dev.decor.cache;

import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.Next;
import dev.decor.kernel.ReturnKind;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.decor.spec.CachedSpec;
import dev.decor.internal.Messages;
import java.lang.ref.ReferenceQueue;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code @Cached} method's cache: a bounded Caffeine {@link Cache} (W-TinyLFU) whose values
 * are {@link Entry} futures, which gives single-flight.
 *
 * <h2>In-flight entries</h2>
 * An entry being computed weighs 0, so size eviction never removes it, and does not expire; when
 * it completes it is put again in place ({@link #succeed}), which weighs it 1 and starts its TTL,
 * on the engine's clock; a failed entry is removed at once. So with {@code maxSize = 1} or a TTL
 * shorter than the computation, callers of a key being computed still wait for that one
 * computation, and its value is stored when it is done. This is what Caffeine's
 * {@code AsyncCache} does for its futures; it is done here on a synchronous cache because the
 * {@code AsyncCache}'s lookup checks its future's state twice on every hit (measured: 10.0 ns
 * for a hit through its map view, 6.6 ns for a {@code Cache}'s), which a hit here does not need:
 * its entry's {@code value} is set only once the entry is complete.
 *
 * <h2>Single-flight without "Recursive update"</h2>
 * A miss asks Caffeine for the key's future, supplying a new incomplete {@link Entry} if there is
 * none; Caffeine only inserts it, so no user code runs under a map lock and a recursive
 * {@code @Cached} method (Fibonacci) works. The caller whose entry went in computes the value
 * <em>outside</em> the map and completes the entry; other callers of the key wait on it. The
 * computing thread reaching its own key again (true self-recursion) computes without caching
 * rather than deadlock.
 *
 * <h2>Failures</h2>
 * Exceptions are not cached. A failed computation (or a failed future of an async method) is
 * recorded in its entry, which is then completed by cancellation and removed at once. Waiters
 * rethrow the recorded failure, unwrapped. A caller that finds an entry that has already failed
 * (before it was removed) drops it and computes again, so a failure is never served as a hit.
 *
 * <h2>Statistics and results</h2>
 * decor's own counters (so {@code clear} can reset them): a hit is a call answered without running
 * the method, a miss any other call (one that ran the method, or waited for another thread's
 * computation and got its exception), so hits + misses = calls. An array result is stored as a
 * private copy and every caller gets its own copy; callers of an async method get their own
 * future. Thread-safe.
 */
final class MethodCache {
  private static final Object NULL_VALUE = new Object();
  /**
   * Completes failed entries (no stack trace: waiters rethrow the entry's own {@code failure});
   * {@link #fail} removes them from the cache.
   */
  private static final CancellationException FAILED = new CancellationException("failed") {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  };

  private final String name;
  private final MethodKey owner;
  private final CachedSpec spec;
  private final int maxSize;
  /** The method returns a {@code CompletionStage}: callers get their own futures. */
  private final boolean async;
  /** The method's results may be arrays, which callers get copies of. */
  private final boolean mayReturnArrays;
  private final Cache<Object, Entry> cache;
  private final ConcurrentMap<Object, Entry> map;
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  /** The shared tier's side of this cache, or null for an in-process cache. */
  private final SharedCache shared;
  /** Why this method may not run as declared ({@code [decor/Shared…]}), or null; checked on misses. */
  private final String refusal;

  /**
   * A cache reading time from {@code ticker} (for expiry), whose maintenance runs on
   * {@code maintenance}: off the callers' path, as with Caffeine's defaults. (Run on the calling
   * thread, it made a hit's compiled code big enough that the JIT stopped inlining it into the
   * caller, in some runs and not others.) Expiry is still checked on every read, and
   * {@link #stats} runs any pending maintenance first, so its evictions and size are exact.
   */
  MethodCache(String name, MethodKey owner, CachedSpec spec, Ticker ticker, Executor maintenance,
      SharedCache shared, String refusal) {
    this.name = name;
    this.shared = shared;
    this.refusal = refusal;
    this.owner = owner;
    this.spec = spec;
    this.maxSize = spec.maxSize();
    this.async = owner.returnKind() == ReturnKind.ASYNC;
    this.mayReturnArrays = owner.mayReturnArray() || async;
    if (maxSize == 0 || refusal != null) {
      // A refused method never stores anything: every call throws its refusal (get).
      this.cache = null;
      this.map = null;
      return;
    }
    Caffeine<Object, Entry> builder = Caffeine.newBuilder()
        .maximumWeight(maxSize)
        .weigher((Object k, Entry e) -> e.value == null ? 0 : 1) // in flight: 0
        .ticker(ticker)
        .executor(maintenance)
        .evictionListener((Object k, Entry v, RemovalCause cause) -> {
          if (cause.wasEvicted()) {
            evictions.increment();
          }
        });
    Duration ttl = spec.ttl();
    if (ttl != null) {
      builder.expireAfter(new TtlAfterCompletion(ttl.toNanos()));
    }
    this.cache = builder.build();
    this.map = cache.asMap();
  }

  /**
   * {@code expireAfterWrite(ttl)} from the end of the computation: an entry in flight does not
   * expire, and its TTL starts when {@link #succeed} puts it again, completed.
   */
  private static final class TtlAfterCompletion implements Expiry<Object, Entry> {
    private final long ttlNanos;

    TtlAfterCompletion(long ttlNanos) {
      this.ttlNanos = ttlNanos;
    }

    @Override
    public long expireAfterCreate(Object key, Entry entry, long now) {
      return entry.value == null ? Long.MAX_VALUE : ttlNanos;
    }

    @Override
    public long expireAfterUpdate(Object key, Entry entry, long now, long current) {
      return entry.value == null ? current : ttlNanos;
    }

    @Override
    public long expireAfterRead(Object key, Entry entry, long now, long current) {
      return current;
    }
  }

  MethodKey owner() {
    return owner;
  }

  CachedSpec spec() {
    return spec;
  }

  /**
   * A key's value, in flight until completed. {@code value} (the result, {@link #NULL_VALUE} for
   * {@code null}, arrays already copied) is set before the future completes, so a hit reads one
   * field, and the cache weighs and expires the entry by it; {@code failure} likewise before a
   * failed entry is cancelled.
   */
  private static final class Entry extends CompletableFuture<Object> {
    /** Who computes it, while it is in flight; read only to compare with the current thread. */
    Thread computer = Thread.currentThread();
    volatile Object value;
    /** An async method's own future, once it returned it: its failure fails this entry. */
    volatile CompletableFuture<?> source;
    Throwable failure;

    void succeed(Object stored) {
      computer = null;
      value = stored;
      complete(stored);
    }

    void fail(Throwable t) {
      computer = null;
      failure = t;
      completeExceptionally(FAILED);
    }

    /** Whether it failed, or will fail: its async source already has. */
    boolean failed() {
      if (value != null) {
        return false;
      }
      CompletableFuture<?> s = source;
      return isCompletedExceptionally() || s != null && s.isCompletedExceptionally();
    }
  }

  /**
   * The cached value for the call's key ({@code keys} makes it from {@code self} and
   * {@code args}; null for the engine's own key), or the result of {@code chain} computed once.
   */
  Object get(Object self, Object[] args, CacheKey.Factory keys, Next chain, Invocation body)
      throws Throwable {
    if (cache == null) {
      if (refusal != null) {
        throw new IllegalArgumentException(refusal);
      }
      misses.increment();
      return chain.proceed(self, args, body);
    }
    if (keys != null) {
      return getByKey(self, args, keys, chain, body);
    }
    Object argsKey;
    try {
      argsKey = CacheKeys.argsKey(args);
    } catch (CacheKeys.CyclicArgument e) {
      throw new IllegalArgumentException(Messages.cachedCyclicArgument(owner.toString()));
    }
    Object found = completed(self, argsKey);
    return found != CachedDecorator.MISS ? found
        : miss(self, args, CacheKeys.key(self, argsKey), chain, body);
  }

  private Object getByKey(Object self, Object[] args, CacheKey.Factory keys, Next chain,
      Invocation body) throws Throwable {
    CacheKey key = keys.of(self, args); // CacheKey.part turns a cycle into cyclic()
    if (key.cyclic()) {
      throw new IllegalArgumentException(Messages.cachedCyclicArgument(owner.toString()));
    }
    Object found = completed(key);
    return found != CachedDecorator.MISS ? found : miss(self, args, key, chain, body);
  }

  /**
   * A completed entry's answer for {@code key}, counted as a hit, or {@link CachedDecorator#MISS}.
   * The key of a generated wrapper's hit path: built in the wrapper, so the JIT takes it apart only
   * when this lookup is inlined there.
   */
  private Object completed(CacheKey key) {
    return answerOf(map.get(key));
  }

  /**
   * {@link #completed(CacheKey)} with the engine's own key, built here, beside the lookup: it is
   * taken apart whenever Caffeine's lookup is inlined into this method, even when this method
   * itself was compiled on its own and is not inlined into the caller.
   */
  private Object completed(Object self, Object argsKey) {
    return answerOf(map.get(CacheKeys.key(self, argsKey)));
  }

  private Object answerOf(Entry found) {
    if (found != null) {
      Object value = found.value;
      if (value != null) {
        hits.increment();
        return answer(value);
      }
    }
    return CachedDecorator.MISS;
  }

  /**
   * The answer for {@code key} if the cache holds a completed value (counted as a hit), else
   * {@link CachedDecorator#MISS} with nothing counted: the caller then runs the chain, which looks
   * again. What {@code Chain.cachedHit} reads, so a front end builds no closure for a hit. A key
   * that {@link CacheKey#cyclic} equals no stored key, so it misses, and the chain reports it.
   */
  Object hit(CacheKey key) {
    return cache == null ? CachedDecorator.MISS : completed(key);
  }

  /** {@link #hit(CacheKey)} with the engine's own key of these arguments. */
  Object hit(Object self, Object[] args) {
    if (cache == null) {
      return CachedDecorator.MISS;
    }
    Object argsKey;
    try {
      argsKey = CacheKeys.argsKey(args);
    } catch (CacheKeys.CyclicArgument e) {
      return CachedDecorator.MISS; // the chain reports it
    }
    return completed(self, argsKey);
  }

  private Object miss(Object self, Object[] args, CacheKey key, Next chain, Invocation body)
      throws Throwable {
    expungeCollectedReceivers();
    key.stored(collected);
    Entry mine = new Entry();
    for (;;) {
      Entry entry = cache.get(key, k -> mine);
      if (entry == mine) {
        return compute(mine, self, args, key, chain, body);
      }
      Object value = entry.value;
      if (value != null) {
        hits.increment();
        return answer(value);
      }
      if (entry.failed()) {
        // Failed, and its computer has not removed it yet: never serve it; compute again.
        map.remove(key, entry);
        continue;
      }
      if (entry.computer == Thread.currentThread()) {
        // The method asked for its own key while computing it: compute again, uncached.
        misses.increment();
        return chain.proceed(self, args, body);
      }
      return async ? awaitAsync(entry) : await(entry);
    }
  }

  /** Waits for another thread's computation of the key. */
  private Object await(Entry entry) throws Throwable {
    try {
      entry.join();
    } catch (CancellationException | CompletionException e) {
      misses.increment();
      throw entry.failure;
    }
    hits.increment();
    return answer(entry.value);
  }

  /** An async caller does not wait: it gets its own future of the entry's outcome. */
  private Object awaitAsync(Entry entry) {
    hits.increment();
    CompletableFuture<Object> mine = new CompletableFuture<>();
    entry.whenComplete((v, t) -> {
      if (t == null) {
        mine.complete(unmask(copyIfArray(v)));
      } else {
        mine.completeExceptionally(entry.failure);
      }
    });
    return mine;
  }

  private Object compute(Entry mine, Object self, Object[] args, CacheKey key, Next chain,
      Invocation body) throws Throwable {
    SharedCache.Key sharedKey = null;
    if (shared != null) {
      sharedKey = shared.key(self, key.parts());
      if (sharedKey != null) {
        Object found = shared.lookup(sharedKey);
        if (found != SharedCache.MISS) {
          hits.increment();
          // Decoded just now, so already private: kept as it is, only callers get copies.
          Object stored = found == null ? NULL_VALUE : found;
          succeed(key, mine, stored);
          return answer(stored);
        }
      }
    }
    misses.increment();
    Object value;
    try {
      value = chain.proceed(self, args, body);
    } catch (Throwable t) {
      fail(key, mine, t);
      throw t;
    }
    if (async && value != null) {
      CompletableFuture<?> result = ((CompletionStage<?>) value)
          .toCompletableFuture();
      // The method has returned: a later call on this thread waits like any other caller.
      mine.computer = null;
      mine.source = result;
      CompletableFuture<Object> own = new CompletableFuture<>();
      SharedCache.Key writeKey = sharedKey;
      result.whenComplete((v, t) -> {
        if (t == null) {
          succeed(key, mine, store(v));
          if (writeKey != null) {
            shared.write(writeKey, v);
          }
          own.complete(v);
        } else {
          Throwable cause = t instanceof CompletionException && t.getCause() != null
              ? t.getCause() : t;
          fail(key, mine, cause);
          own.completeExceptionally(cause);
        }
      });
      return own;
    }
    succeed(key, mine, store(value));
    if (sharedKey != null) {
      shared.write(sharedKey, value);
    }
    return value;
  }

  /**
   * Completes {@code entry} with {@code stored}, then puts it again in place (unless it was
   * removed meanwhile): the cache weighs it now (1; 0 in flight) and, with a TTL, starts it now,
   * on the engine's clock.
   */
  private void succeed(CacheKey key, Entry entry, Object stored) {
    entry.succeed(stored);
    map.replace(key, entry, entry);
  }

  /** Fails {@code entry} (its waiters rethrow {@code t}) and removes it. */
  private void fail(CacheKey key, Entry entry, Throwable t) {
    entry.fail(t);
    map.remove(key, entry);
  }

  /** What the cache keeps of a result: {@code null} masked, an array as a private copy. */
  private Object store(Object value) {
    return value == null ? NULL_VALUE : copyIfArray(value);
  }

  /** A hit's answer: the caller's own copy of an array, its own future for an async method. */
  private Object answer(Object stored) {
    Object value = unmask(copyIfArray(stored));
    return async ? CompletableFuture.completedFuture(value) : value;
  }

  private static Object unmask(Object stored) {
    return stored == NULL_VALUE ? null : stored;
  }

  private Object copyIfArray(Object value) {
    return mayReturnArrays ? copyArray(value) : value;
  }

  /** A shallow copy of an array (primitive or object), or {@code value} itself. */
  static Object copyArray(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return value;
    }
    if (value instanceof Object[] a) {
      return a.clone();
    }
    if (value instanceof float[] a) {
      return a.clone();
    }
    if (value instanceof byte[] a) {
      return a.clone();
    }
    if (value instanceof int[] a) {
      return a.clone();
    }
    if (value instanceof long[] a) {
      return a.clone();
    }
    if (value instanceof double[] a) {
      return a.clone();
    }
    if (value instanceof short[] a) {
      return a.clone();
    }
    if (value instanceof char[] a) {
      return a.clone();
    }
    return ((boolean[]) value).clone();
  }

  private void expungeCollectedReceivers() {
    Object dead;
    while ((dead = collected.poll()) != null) {
      map.remove(CacheKey.ofCollected(dead));
    }
  }

  CacheStats stats() {
    long size = 0;
    if (cache != null) {
      cache.cleanUp();
      size = cache.estimatedSize();
    }
    return shared == null
        ? new CacheStats(hits.sum(), misses.sum(), evictions.sum(), size, maxSize)
        : new CacheStats(hits.sum(), misses.sum(), evictions.sum(), size, maxSize,
            shared.hits.sum(), shared.misses.sum(), shared.errors.sum());
  }

  void clear() {
    if (cache != null) {
      cache.invalidateAll();
      cache.cleanUp();
    }
    hits.reset();
    misses.reset();
    evictions.reset();
    if (shared != null) {
      shared.hits.reset();
      shared.misses.reset();
      shared.errors.reset();
    }
  }

  long hitCount() {
    return hits.sum();
  }

  long missCount() {
    return misses.sum();
  }

  /** The part of {@link #hitCount} the shared tier answered. */
  long sharedHitCount() {
    return shared == null ? 0 : shared.hits.sum();
  }

  /** This cache's side of the shared tier, or null. */
  SharedCache shared() {
    return shared;
  }

  @Override
  public String toString() {
    return "Cached[name=" + name + ", maxSize=" + maxSize + (shared != null ? ", shared" : "") + "]";
  }
}
