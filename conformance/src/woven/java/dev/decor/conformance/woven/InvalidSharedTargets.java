package dev.decor.conformance.woven;

import dev.decor.Cached;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code @Cached(shared = true)} uses the processor rejects at compile time: woven, each fails
 * on its first call with the processor's message and no body runs.
 */
public class InvalidSharedTargets {
  public final AtomicInteger bodyRuns = new AtomicInteger();

  /** An argument with no encoding that means the same in every JVM. */
  @Cached(shared = true)
  public static String byObject(Object key) {
    return String.valueOf(key);
  }

  /** An instance method of a class that is not a CacheNamespace. */
  @Cached(shared = true)
  public String onInstance(String key) {
    bodyRuns.incrementAndGet();
    return key;
  }
}
