package dev.decor.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@code @Cached}, validated: {@code maxSize >= 0}, {@code expireAfterWrite} empty or
 * a duration, {@code name} empty (the method's default name) or a cache name.
 */
public record CachedSpec(int maxSize, String expireAfterWrite, String name) implements Spec {
  public CachedSpec {
    Objects.requireNonNull(expireAfterWrite, "expireAfterWrite");
    Objects.requireNonNull(name, "name");
    Messages.requireValid(checkMaxSize(maxSize));
    if (!expireAfterWrite.isEmpty()) {
      Durations.parse("@Cached(expireAfterWrite)", expireAfterWrite);
    }
  }

  /** The error for {@code maxSize} (not negative), or null; the processor reports the same. */
  public static String checkMaxSize(int maxSize) {
    return maxSize < 0 ? Messages.cachedMaxSize(maxSize) : null;
  }

  public static CachedSpec of(int maxSize, String expireAfterWrite, String name) {
    return new CachedSpec(maxSize, expireAfterWrite, name);
  }

  /** The TTL, or null when entries never expire. */
  public Duration ttl() {
    return expireAfterWrite.isEmpty() ? null : Durations.parse("@Cached(expireAfterWrite)", expireAfterWrite);
  }

  @Override
  public Order order() {
    return Order.CACHED;
  }
}
