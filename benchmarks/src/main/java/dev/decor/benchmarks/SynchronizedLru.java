package dev.decor.benchmarks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The classic do-it-yourself cache: an access-ordered {@link LinkedHashMap} bounded by
 * {@code removeEldestEntry}, behind {@link Collections#synchronizedMap} (every hit reorders the
 * map, so even reads take the lock). One map per instance, so the receiver is implicit.
 */
final class SynchronizedLru {
  private static final int MAX_SIZE = 128;

  private final Map<Integer, Float> map = Collections.synchronizedMap(
      new LinkedHashMap<>(2 * MAX_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Float> eldest) {
          return size() > MAX_SIZE;
        }
      });

  float cachedInt(int id) {
    Float value = map.get(id);
    if (value == null) {
      value = Kernel.score(id);
      map.put(id, value);
    }
    return value;
  }
}
