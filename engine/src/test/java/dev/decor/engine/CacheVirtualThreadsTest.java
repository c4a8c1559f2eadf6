package dev.decor.engine;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.cache.CacheStats;
import dev.decor.cache.Caches;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.spec.CachedSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Single-flight and exact statistics on virtual threads (JDK 21+; the build targets 17, so the
 * executor is looked up at run time): thousands of callers park on in-flight values.
 */
class CacheVirtualThreadsTest {
  private static final MethodKey DESCRIBE =
      MethodKey.of(CountingEmbedder.class, "describe", Object.class);

  private static void run(String name, int maxSize, String ttl, int keys, int expectedMisses)
      throws Throwable {
    int tasks = 2_000;
    Chain chain = Chains.of(DESCRIBE, CachedSpec.of(maxSize, ttl, name));
    CountingEmbedder embedder = new CountingEmbedder();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    ExecutorService pool = VirtualThreads21.executor();
    try {
      for (int i = 0; i < tasks; i++) {
        Integer key = i % keys;
        results.add(pool.submit(() -> {
          go.await();
          try {
            return chain.invoke(embedder, new Object[] {key}, () -> {
              Thread.sleep(1); // parks the virtual thread mid-computation
              return embedder.describe(key);
            });
          } catch (Throwable t) {
            throw new AssertionError(t);
          }
        }));
      }
      go.countDown();
      for (int i = 0; i < tasks; i++) {
        assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("[" + i % keys + "]");
      }
    } finally {
      pool.shutdownNow();
    }
    CacheStats stats = Caches.stats(name);
    assertThat(stats.hits() + stats.misses()).isEqualTo(tasks);
    assertThat(stats.misses()).isEqualTo(embedder.calls());
    if (expectedMisses > 0) {
      assertThat(embedder.calls()).as("each key once").isEqualTo(expectedMisses);
    }
  }

  @Test
  void manyVirtualThreadsComputeEachKeyOnce() throws Throwable {
    run("CacheVirtualThreadsTest#once", 100, "", 20, 20);
  }

  @Test
  void statisticsStayExactOnVirtualThreadsWithMaxSizeOneAndAShortTtl() throws Throwable {
    run("CacheVirtualThreadsTest#evicting", 1, "1ms", 5, 0);
  }
}
