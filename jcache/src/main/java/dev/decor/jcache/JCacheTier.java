package dev.decor.jcache;

import dev.decor.cache.SharedTier;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The shared tier of {@code @Cached(shared = true)} over any JCache (JSR-107) provider: results
 * computed by one replica of a service are found by every other replica, as Spring's
 * {@code @Cacheable} does over a {@code JCacheCacheManager} (Python: a Redis- or memcached-backed
 * cache behind {@code functools.lru_cache}'s in-process one).
 *
 * <p>Each decor cache {@code name} lives in the JCache cache {@code "decor." + name}, typed
 * {@code <String, byte[]>}: decor writes only keys and values it has already encoded, so the
 * provider never needs the application's classes. A cache the provider does not have yet is
 * created with statistics on and, for {@code @Cached(expireAfterWrite = …)}, a {@link
 * CreatedExpiryPolicy} of that duration (eternal otherwise); one that exists — made by another
 * replica, even at the same moment, or declared in the provider's own configuration — is used as
 * it is. Bounds, backups and eviction are the provider's configuration.
 *
 * <pre>{@code
 * CacheManager manager = Caching.getCachingProvider().getCacheManager(…); // e.g. Hazelcast client
 * Decor decor = Decor.builder().sharedTier(JCacheTier.of(manager)).build();
 * }</pre>
 *
 * <p>On the class path with no tier configured, decor finds this class through {@code
 * ServiceLoader}; it then takes the default provider's default manager on first use. Calls block
 * as long as the provider does and throw what it throws; decor bounds them with its own timeout
 * and treats a failure as a miss. Thread-safe.
 */
public final class JCacheTier implements SharedTier {
  /** Prefix of every JCache cache decor creates, so they stand apart from the application's. */
  public static final String CACHE_PREFIX = "decor.";

  private final boolean ownsManager;
  private volatile CacheManager manager;

  /**
   * The tier over the default provider's default manager ({@link #defaultManager()}), taken on the
   * first {@link #open} and closed by {@link #close}. Used when decor loads the tier through {@code ServiceLoader}.
   */
  public JCacheTier() {
    this.ownsManager = true;
  }

  private JCacheTier(CacheManager manager) {
    this.ownsManager = false;
    this.manager = manager;
  }

  /**
   * The default provider's default manager, as the tier found through {@code ServiceLoader} opens
   * it: looked up through decor-jcache's own class loader rather than the calling thread's
   * context loader (JCache keeps providers and managers per loader), so a tier used from decor's
   * pool threads and an application that warms the cluster up on its main thread share one.
   */
  public static CacheManager defaultManager() {
    return Caching.getCachingProvider(JCacheTier.class.getClassLoader()).getCacheManager();
  }

  /** The tier over {@code manager}; the caller keeps owning it ({@link #close} leaves it open). */
  public static JCacheTier of(CacheManager manager) {
    return new JCacheTier(Objects.requireNonNull(manager, "manager"));
  }

  @Override
  public Store open(String cacheName, Duration ttl) {
    Cache<String, byte[]> cache = getOrCreate(manager(), CACHE_PREFIX + cacheName, ttl);
    return new Store() {
      @Override
      public byte[] get(String key) {
        return cache.get(key);
      }

      @Override
      public void put(String key, byte[] value) {
        cache.put(key, value);
      }

      @Override
      public String toString() {
        return "JCache cache '" + cache.getName() + "'";
      }
    };
  }

  /** Closes the manager if this tier took it from the default provider; otherwise nothing. */
  @Override
  public void close() {
    CacheManager taken = manager;
    if (ownsManager && taken != null) {
      taken.close();
    }
  }

  @Override
  public String toString() {
    CacheManager current = manager;
    return "JCacheTier[" + (current == null ? "default provider, not opened yet" : current.getURI()) + "]";
  }

  private CacheManager manager() {
    CacheManager current = manager;
    if (current == null) {
      synchronized (this) {
        current = manager;
        if (current == null) {
          current = defaultManager();
          manager = current;
        }
      }
    }
    return current;
  }

  private static Cache<String, byte[]> getOrCreate(CacheManager manager, String name, Duration ttl) {
    Cache<String, byte[]> cache = lookUp(manager, name);
    if (cache != null) {
      return cache;
    }
    try {
      return manager.createCache(name, configuration(ttl));
    } catch (CacheException created) {
      // Another replica created it between our look-up and our create: use theirs.
      cache = lookUp(manager, name);
      if (cache == null) {
        throw created;
      }
      return cache;
    }
  }

  private static Cache<String, byte[]> lookUp(CacheManager manager, String name) {
    try {
      return manager.getCache(name, String.class, byte[].class);
    } catch (ClassCastException | IllegalArgumentException untyped) {
      // Declared in the provider's own configuration without key and value types (for its size
      // bound or backups, say): JCache refuses a typed look-up of it, an untyped one is fine.
      return manager.getCache(name);
    }
  }

  static MutableConfiguration<String, byte[]> configuration(Duration ttl) {
    return new MutableConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class)
        .setStoreByValue(true)
        .setStatisticsEnabled(true)
        .setExpiryPolicyFactory(expiry(ttl));
  }

  private static Factory<ExpiryPolicy> expiry(Duration ttl) {
    if (ttl == null || ttl.compareTo(Duration.ofMillis(Long.MAX_VALUE - 1)) >= 0) {
      return EternalExpiryPolicy.factoryOf();
    }
    // JCache counts in whole units and reads 0 as "expire at once": round a sub-millisecond
    // time to live up, never down to nothing.
    long millis = Math.max(1, ttl.plusNanos(999_999).toMillis());
    return CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, millis));
  }
}
