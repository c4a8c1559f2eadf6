package dev.decor.conformance;

import dev.decor.Cached;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The engine tests' embedder ({@link dev.decor.fixtures.CountingEmbedder}: one copy, in
 * engine/src/test, compiled here too) with {@code @Cached} methods of its own, processed and woven
 * here; each counts how often its body really ran, to observe hits and misses.
 */
public class CountingEmbedder extends dev.decor.fixtures.CountingEmbedder {
  private volatile boolean failNext;
  private final CountDownLatch release = new CountDownLatch(1);

  public void failNext() {
    failNext = true;
  }

  /** Lets {@link #slow} return. */
  public void release() {
    release.countDown();
  }

  @Cached
  public String slow(String key) throws InterruptedException {
    count();
    release.await(10, TimeUnit.SECONDS);
    return key + "!";
  }

  @Cached(maxSize = 2)
  public float[] embed(String text) {
    count();
    return new float[] {text.length(), text.hashCode()};
  }

  @Cached
  public double norm(float[] vector) {
    count();
    double sum = 0;
    for (float f : vector) {
      sum += f * f;
    }
    return Math.sqrt(sum);
  }

  @Cached
  public int checksum(ByteBuffer bytes) {
    count();
    int sum = 0;
    for (int i = bytes.position(); i < bytes.limit(); i++) {
      sum += bytes.get(i);
    }
    return sum;
  }

  @Cached(name = "embedder.lookup")
  public String lookup(int id) {
    count();
    return id < 0 ? null : "item-" + id;
  }

  @Cached
  public String tokenize(String text) {
    count();
    if (failNext) {
      failNext = false;
      throw new IllegalStateException("tokenizer not ready");
    }
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).trim();
  }

  @Cached(maxSize = 0)
  public String uncached(String text) {
    count();
    return text;
  }
}
