package dev.decor.cache;

import java.time.Duration;

/**
 * Where a shared {@code @Cached} cache keeps its values so every replica of a service finds them:
 * the second tier behind each method's in-process cache. {@code decor-jcache} implements it over
 * any JCache (JSR-107) provider, such as a Hazelcast cluster; set it with
 * {@code Decor.builder().sharedTier(…)}.
 *
 * <p>Keys and values are bytes decor has already encoded (keys as short strings), so a tier needs
 * no knowledge of the user's types and no class of theirs is ever deserialized from it. Calls may
 * block and may fail: decor runs them on its own bounded pool, waits at most its shared timeout,
 * and treats any failure as a miss — a tier is an optimisation, never a new way for a call to
 * fail. Implementations must be thread-safe.
 */
public interface SharedTier extends AutoCloseable {
  /**
   * The store of the decor cache {@code cacheName}, created if needed; called once per cache (and
   * again after a failure), on decor's threads.
   *
   * @param ttl how long an entry lives after it is written, or null for no expiry
   */
  Store open(String cacheName, Duration ttl) throws Exception;

  /** Releases what the tier holds (connections, an embedded member); decor calls it on close. */
  @Override
  default void close() throws Exception {}

  /** One cache's entries in the tier. */
  interface Store {
    /** The value stored under {@code key}, or null. */
    byte[] get(String key) throws Exception;

    /** Stores {@code value} under {@code key}, replacing any value there. */
    void put(String key, byte[] value) throws Exception;
  }
}
