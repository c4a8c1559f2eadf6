package dev.decor.spec;

import dev.decor.internal.Messages;
import dev.decor.internal.Durations;
import dev.decor.Cached;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@code @Cached}, validated: {@code maxSize >= 0}, {@code expireAfterWrite} empty or
 * a duration, {@code name} empty (the method's default name) or a cache name, {@code shared} whether
 * to use the engine's shared tier as well. Build one with {@link #builder()}; immutable.
 */
public record CachedSpec(int maxSize, String expireAfterWrite, String name, boolean shared)
    implements Spec {

  public CachedSpec {
    Objects.requireNonNull(expireAfterWrite, "expireAfterWrite");
    Objects.requireNonNull(name, "name");
    Messages.requireValid(checkMaxSize(maxSize));
    if (!expireAfterWrite.isEmpty()) {
      Durations.parse("@Cached(expireAfterWrite)", expireAfterWrite);
    }
  }

  /** An in-process cache (not shared). */
  public CachedSpec(int maxSize, String expireAfterWrite, String name) {
    this(maxSize, expireAfterWrite, name, false);
  }

  /** A builder with {@code @Cached}'s defaults; the form generated code calls. */
  public static Builder builder() {
    return new Builder();
  }

  /** The error for {@code maxSize} (not negative), or null; the processor reports the same. */
  public static String checkMaxSize(int maxSize) {
    return maxSize < 0 ? Messages.cachedMaxSize(maxSize) : null;
  }

  /** The positional form; prefer {@link #builder()}, which new attributes do not break. */
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

  /**
   * Collects {@code @Cached}'s attributes by name, starting from the annotation's defaults;
   * {@link #build()} validates. Part of the surface generated code calls. Not thread-safe.
   */
  public static final class Builder {
    private int maxSize = 128;
    private String expireAfterWrite = "";
    private String name = "";
    private boolean shared;

    private Builder() {}

    /** {@link Cached#maxSize()}. */
    public Builder maxSize(int maxSize) {
      this.maxSize = maxSize;
      return this;
    }

    /** {@link Cached#expireAfterWrite()}. */
    public Builder expireAfterWrite(String expireAfterWrite) {
      this.expireAfterWrite = expireAfterWrite;
      return this;
    }

    /** {@link Cached#name()}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** {@link Cached#shared()}. */
    public Builder shared(boolean shared) {
      this.shared = shared;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException with a {@link Messages} text for an invalid value
     */
    public CachedSpec build() {
      return new CachedSpec(maxSize, expireAfterWrite, name, shared);
    }
  }
}
