package dev.decor.jcache;

import dev.decor.cache.SharedTier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tier that passes every call to a real one and records the store keys decor asked for: how a
 * test sees the key a replica computed for a call, to compare it with another JVM's.
 */
final class KeyRecordingTier implements SharedTier {
  private final SharedTier tier;
  /** Keys whose put returned, in order. */
  final List<String> written = new CopyOnWriteArrayList<>();
  /** Keys asked for by get, in order. */
  final List<String> read = new CopyOnWriteArrayList<>();

  KeyRecordingTier(SharedTier tier) {
    this.tier = tier;
  }

  @Override
  public Store open(String cacheName, Duration ttl) throws Exception {
    Store store = tier.open(cacheName, ttl);
    return new Store() {
      @Override
      public byte[] get(String key) throws Exception {
        read.add(key);
        return store.get(key);
      }

      @Override
      public void put(String key, byte[] value) throws Exception {
        store.put(key, value);
        written.add(key);
      }
    };
  }

  @Override
  public void close() throws Exception {
    tier.close();
  }
}
