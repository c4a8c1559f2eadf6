package dev.decor.limit;

import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.ConcurrencyLimitSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An engine's concurrency limits: one per method ({@code group = ""}), and one per named group,
 * created by the first chain that joins it. A chain joining a group with another {@code value}
 * fails with {@code [decor/ConcurrencyLimitGroup]} — the check the processor makes within one
 * compilation, made here for methods compiled apart (woven: on their first call). Engine-facing;
 * not for application code. Thread-safe.
 */
public final class LimitRegistry {
  private final Supplier<MeterRegistry> meterRegistry;
  private final Map<MethodKey, Limit> byMethod = new ConcurrentHashMap<>();
  private final Map<String, Limit> groups = new ConcurrentHashMap<>();
  /** Every limit by its meters' name, for {@link #stats}. */
  private final Map<String, Limit> byName = new ConcurrentHashMap<>();

  public LimitRegistry(Supplier<MeterRegistry> meterRegistry) {
    this.meterRegistry = meterRegistry;
  }

  /**
   * The limit {@code key}'s method runs under.
   *
   * @throws IllegalArgumentException {@code [decor/ConcurrencyLimitGroup]} when the group exists
   *     with another value
   */
  Limit limit(MethodKey key, ConcurrencyLimitSpec spec) {
    String method = describe(key);
    if (spec.group().isEmpty()) {
      return byMethod.computeIfAbsent(key, k -> register(
          new Limit(k.defaultName(), "'" + k.defaultName() + "'", spec.value(), method,
              meterRegistry)));
    }
    Limit limit = groups.computeIfAbsent(spec.group(), g -> register(
        new Limit(g, "group '" + g + "'", spec.value(), method, meterRegistry)));
    if (limit.declared != spec.value()) {
      throw new IllegalArgumentException(Messages.concurrencyLimitGroup(
          spec.group(), method, spec.value(), limit.owner, limit.declared));
    }
    return limit;
  }

  private Limit register(Limit limit) {
    byName.put(limit.name, limit);
    return limit;
  }

  /** Counts a rejection of {@code limit}'s callers. */
  void rejected(Limit limit) {
    limit.rejected();
    limit.rejectedCounter.increment();
  }

  /** The limit named {@code name} (a group, or a method's decor name), or null. */
  public LimitStats stats(String name) {
    Limit limit = byName.get(name);
    return limit == null ? null : limit.stats();
  }

  /**
   * Makes limit {@code name} (a group, or a method's decor name) {@code value} permits from the
   * next call on ({@code Decor.tune}); false if the engine has no such limit (yet).
   */
  public boolean resize(String name, int value) {
    Limit limit = byName.get(name);
    if (limit == null) {
      return false;
    }
    limit.resize(value);
    return true;
  }

  /** The names of this engine's limits. */
  public Set<String> names() {
    return new TreeSet<>(byName.keySet());
  }

  /** {@code Service.predict(byte[])}, as group clashes name a method. */
  static String describe(MethodKey key) {
    if (key.isNamed()) {
      return key.defaultName();
    }
    String className = key.className();
    String simple = className.substring(Math.max(className.lastIndexOf('.'),
        className.lastIndexOf('$')) + 1);
    return simple + "." + key.signature();
  }
}
