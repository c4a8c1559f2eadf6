package dev.decor.jcache;

import dev.decor.CacheNamespace;
import dev.decor.engine.internal.Chain;
import dev.decor.kernel.MethodKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model a replica holds: {@code embed} is the shared {@code @Cached} method, called through a
 * chain as generated code calls it, and counts how often it really computes.
 */
public final class Embedder implements CacheNamespace {
  static final MethodKey EMBED = MethodKey.of(Embedder.class, "embed", String.class);

  private final AtomicInteger computed = new AtomicInteger();

  /** The same model name and version in every replica: they share results. */
  @Override
  public String cacheNamespace() {
    return "embedder@1";
  }

  /** The method body: counts the computation. */
  public float[] embed(String text) {
    computed.incrementAndGet();
    return expected(text);
  }

  /** {@code embed} through {@code chain}, the way a decorated class calls it. */
  float[] embedThrough(Chain chain, String text) throws Throwable {
    return (float[]) chain.invoke(this, new Object[] {text}, () -> embed(text));
  }

  int computed() {
    return computed.get();
  }

  /** What {@code embed(text)} returns, in any JVM. */
  static float[] expected(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    float[] vector = new float[4];
    for (int i = 0; i < bytes.length; i++) {
      vector[i % vector.length] += bytes[i] / 128f;
    }
    return vector;
  }
}
