package dev.decor.conformance;

import dev.decor.Cached;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An embedder that counts how often each body really ran, to observe cache hits and misses. */
public class CountingEmbedder {
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean failNext;
  private final CountDownLatch release = new CountDownLatch(1);

  public int calls() {
    return calls.get();
  }

  public void failNext() {
    failNext = true;
  }

  /** Lets {@link #slow} return. */
  public void release() {
    release.countDown();
  }

  @Cached
  public String slow(String key) throws InterruptedException {
    calls.incrementAndGet();
    release.await(10, TimeUnit.SECONDS);
    return key + "!";
  }

  @Cached(maxSize = 2)
  public float[] embed(String text) {
    calls.incrementAndGet();
    return new float[] {text.length(), text.hashCode()};
  }

  @Cached
  public double norm(float[] vector) {
    calls.incrementAndGet();
    double sum = 0;
    for (float f : vector) {
      sum += f * f;
    }
    return Math.sqrt(sum);
  }

  @Cached
  public int checksum(ByteBuffer bytes) {
    calls.incrementAndGet();
    int sum = 0;
    for (int i = bytes.position(); i < bytes.limit(); i++) {
      sum += bytes.get(i);
    }
    return sum;
  }

  @Cached(name = "embedder.lookup")
  public String lookup(int id) {
    calls.incrementAndGet();
    return id < 0 ? null : "item-" + id;
  }

  @Cached
  public String tokenize(String text) {
    calls.incrementAndGet();
    if (failNext) {
      failNext = false;
      throw new IllegalStateException("tokenizer not ready");
    }
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).trim();
  }

  @Cached(maxSize = 0)
  public String uncached(String text) {
    calls.incrementAndGet();
    return text;
  }
}
