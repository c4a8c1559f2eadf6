package dev.decor.conformance;

import dev.decor.CacheNamespace;
import dev.decor.Cached;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model whose results every replica shares: {@code classify} by its annotation,
 * {@code histogram} only when the engine's configuration names its cache.
 */
public class SharedModel implements CacheNamespace {
  public final AtomicInteger calls = new AtomicInteger();

  /** A classifier's answer: what replicas exchange through the shared tier. */
  public record Scores(String label, float[] probabilities) {}

  @Override
  public String cacheNamespace() {
    return "conformance-model@1";
  }

  @Cached(maxSize = 16, shared = true)
  public Scores classify(float[] pixels, String label) {
    calls.incrementAndGet();
    float sum = 0;
    for (float p : pixels) {
      sum += p;
    }
    return new Scores(label, new float[] {sum, 1 - sum});
  }

  @Cached(maxSize = 16)
  public int[] histogram(byte[] data) {
    calls.incrementAndGet();
    int[] counts = new int[4];
    for (byte b : data) {
      counts[(b & 0xFF) >> 6]++;
    }
    return counts;
  }
}
