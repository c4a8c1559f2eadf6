package dev.decor.cache;

import dev.decor.kernel.MethodKey;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.decor.spec.CachedSpec;
import dev.decor.internal.Messages;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine's {@code @Cached} state: one {@link MethodCache} per cache name, and which of them
 * also use the shared tier. Engine-facing; not for application code. Thread-safe.
 */
public final class CacheRegistry {
  /** Failures in a row after which the shared tier is skipped for a while. */
  public static final int FAILURES_TO_OPEN = SharedTierClient.FAILURES_TO_OPEN;

  private static final Logger log = LoggerFactory.getLogger("dev.decor.Cached");

  private final ConcurrentHashMap<String, MethodCache> caches = new ConcurrentHashMap<>();
  /** The engine's clock, which expiry reads too. */
  private final Ticker ticker;
  /** Where Caffeine runs its maintenance (the engine's executor), off the callers' path. */
  private final Executor maintenance;
  private final MeterRegistry registry;
  private final SharedTierClient shared;
  private final Set<String> sharedNames;
  private final Set<String> localNames;
  private final Map<Class<?>, ValueCodec<?>> codecs;
  private final AtomicBoolean warnedUnknown = new AtomicBoolean();

  /**
   * @param nanoTime the engine's clock, which expiry reads
   * @param maintenance where Caffeine runs its maintenance
   * @param tier the configured shared tier, or null for the first one {@link java.util.ServiceLoader}
   *     finds when a cache is shared
   */
  public CacheRegistry(LongSupplier nanoTime, Executor maintenance, MeterRegistry registry,
      SharedTier tier, Duration sharedTimeout, Duration sharedRetryAfter, int sharedThreads,
      Set<String> sharedNames, Set<String> localNames, Map<Class<?>, ValueCodec<?>> codecs) {
    this.ticker = nanoTime::getAsLong;
    this.maintenance = maintenance;
    this.registry = registry;
    this.shared = new SharedTierClient(tier, sharedTimeout, sharedRetryAfter, nanoTime, registry,
        sharedThreads);
    this.sharedNames = Set.copyOf(sharedNames);
    this.localNames = Set.copyOf(localNames);
    this.codecs = Map.copyOf(codecs);
  }

  /**
   * The cache named {@code name} for {@code key}'s method, created on first use. The same method
   * with the same spec (seen by both front ends) shares one cache; another spec for it replaces the
   * cache, so a chain never runs with a bound or TTL other than its own.
   *
   * @throws IllegalStateException if another method already registered {@code name}
   * <p>A spec that asks for sharing a method that cannot be shared gives a cache whose every call
   * fails with the {@code [decor/Shared…]} text (woven: the processor's message on the first call;
   * generated: a value type no codec handles), rather than a class that fails to initialise.
   */
  MethodCache register(String name, MethodKey key, CachedSpec spec) {
    boolean[] created = new boolean[1];
    MethodCache cache = caches.compute(name, (n, old) -> {
      if (old == null || (old.owner().equals(key) && !old.spec().equals(spec))) {
        created[0] = true;
        Sharing sharing = sharing(n, key, spec);
        return new MethodCache(n, key, spec, ticker, maintenance, sharing.side(),
            sharing.refusal());
      }
      return old;
    });
    MethodKey owner = cache.owner();
    if (!owner.equals(key)) {
      throw new IllegalStateException(owner.isNamed() && key.isNamed()
          && owner.defaultName().equals(key.defaultName())
          ? Messages.cacheNameClashOfOneName(name, key.defaultName())
          : Messages.cacheNameClash(name, owner.toString(), key.toString()));
    }
    if (created[0]) {
      meters(name, cache);
    }
    return cache;
  }

  /** What a new cache gets from the shared tier: its side of it, a refusal, or neither. */
  private record Sharing(SharedCache side, String refusal) {
    static final Sharing NONE = new Sharing(null, null);
  }

  /**
   * Whether a new cache shares its values: when the spec or the engine's configuration asks for
   * it (the configuration's in-process list wins), the method can have stable keys and values,
   * and the engine has a tier. A spec asking for sharing a method that cannot be shared gets a
   * refusal — a {@code [decor/Shared…]} text (the processor reports the key rules at compile time;
   * value codecs can only be checked here); a cache only the configuration shares stays
   * in-process with a warning instead: an operator's switch never breaks a method.
   */
  private Sharing sharing(String name, MethodKey key, CachedSpec spec) {
    boolean requested = spec.shared() || sharedNames.contains(name);
    boolean off = localNames.contains(name) || spec.maxSize() == 0;
    if (!requested || (off && !spec.shared())) {
      return Sharing.NONE;
    }
    String problem;
    ValueCodecs.Codec codec = null;
    Method method = key.method();
    if (key.isNamed()) {
      problem = "[decor/SharedKey] '" + name + "' is a programmatic decorator; only annotated methods"
          + " can share their cache so far";
    } else if (method == null) {
      return Sharing.NONE; // its class is gone
    } else {
      String signature = key.signature();
      problem = SharedKeys.check(key, signature);
      if (problem == null) {
        Type valueType = valueType(method);
        codec = ValueCodecs.forType(valueType, codecs);
        problem = codec == null
            ? Messages.sharedValue(signature, SharedKeys.displayName(valueType)) : null;
      }
    }
    if (problem != null) {
      if (spec.shared()) {
        return new Sharing(null, problem);
      }
      log.warn("{} The configuration shares cache '{}', which stays in-process.", problem, name);
      return Sharing.NONE;
    }
    if (off || shared.tier() == null) {
      return Sharing.NONE;
    }
    return new Sharing(new SharedCache(name, key, spec.ttl(), shared, codec),
        null);
  }

  /** The declared type of a method's values: its return type, or what its future completes with. */
  private static Type valueType(Method method) {
    Type type = method.getGenericReturnType();
    if (type instanceof ParameterizedType p
        && CompletionStage.class.isAssignableFrom((Class<?>) p.getRawType())) {
      return p.getActualTypeArguments()[0];
    }
    return type;
  }

  /**
   * {@code decor.cache.gets{name, tier, result}}: hits and misses per tier, read from the name's
   * current cache — a spec that replaces a method's cache keeps the meters Micrometer already
   * holds for the name, so they must not hold the replaced cache — and summed with other engines
   * reporting to the same registry ({@link CacheMeters}).
   */
  private void meters(String name, MethodCache cache) {
    CacheMeters meters = CacheMeters.of(registry);
    // Read the counters themselves: stats() also cleans the cache up, which a scrape need not do.
    meters.count(registry, this, name, "local", "hit", c -> c.hitCount() - c.sharedHitCount());
    meters.count(registry, this, name, "local", "miss",
        c -> c.missCount() + c.sharedHitCount());
    if (cache.shared() != null) {
      meters.count(registry, this, name, "shared", "hit",
          c -> c.shared() == null ? 0 : c.shared().hits.sum());
      meters.count(registry, this, name, "shared", "miss",
          c -> c.shared() == null ? 0 : c.shared().misses.sum());
    }
  }

  /** The cache named {@code name} now, or null. */
  MethodCache cache(String name) {
    return caches.get(name);
  }

  public CacheStats stats(String name) {
    MethodCache cache = caches.get(name);
    return cache == null ? CacheStats.EMPTY : cache.stats();
  }

  public void clear(String name) {
    MethodCache cache = caches.get(name);
    if (cache != null) {
      cache.clear();
    }
  }

  public Set<String> names() {
    return new TreeSet<>(caches.keySet());
  }

  /** Whether a shared tier is in use, and whether calls are skipping it after failures. */
  public SharedTierStatus sharedTierStatus() {
    return shared.status();
  }

  /** The names the configuration shares or keeps in-process that no cache has registered yet. */
  public Set<String> unknownNames() {
    Set<String> unknown = new TreeSet<>(sharedNames);
    unknown.addAll(localNames);
    unknown.removeAll(caches.keySet());
    return unknown;
  }

  /**
   * Logs {@code [decor/UnknownCacheName]} for {@link #unknownNames}, if there are any, the first
   * time it is called: where a cache name in the configuration is a typo, it matches no method,
   * and nothing else would say so.
   */
  public void warnUnknownNames() {
    Set<String> unknown = unknownNames();
    if (!unknown.isEmpty() && warnedUnknown.compareAndSet(false, true)) {
      log.warn(Messages.unknownCacheNames(unknown.toString()));
    }
  }

  /** Whether the configuration names any cache. */
  public boolean namesCaches() {
    return !sharedNames.isEmpty() || !localNames.isEmpty();
  }

  /**
   * Closes the shared tier's client (its threads); caches stay in-process from then on. Logs the
   * configured names no cache has, once ({@link #warnUnknownNames}).
   */
  public void close() {
    warnUnknownNames();
    shared.close();
  }
}
