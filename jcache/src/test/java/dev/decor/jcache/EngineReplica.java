package dev.decor.jcache;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.Decor;
import dev.decor.spec.CachedSpec;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;

/**
 * A replica in a JVM of its own, set up as an operator would without code: its cache is shared by
 * {@code -Ddecor.cache.shared}, and the tier is the one {@code ServiceLoader} finds (decor-jcache
 * over JCache's default manager, a Hazelcast client configured by system properties). Embeds
 * {@code "warm-up"} and waits for its write (the first lookup of a replica's life also starts its
 * client and opens the cache, which can outlast the shared timeout), then embeds each text and
 * prints {@code embedded <text> computed=<n> <vector>}, waits until what it computed is written to
 * the tier, and prints {@code written=<n>}. Also prints how long the warm-up took ({@code warmed: …}).
 *
 * <p>Arguments: cache name, then the texts.
 */
public final class EngineReplica {
  private EngineReplica() {}

  public static void main(String[] args) throws Throwable {
    ChildJvm.exitWithParent();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Decor decor = Decor.builder().meterRegistry(registry).sharedTimeout(Duration.ofSeconds(5)).build()) {
      // Not shared by its spec: only the system property shares it.
      Chain chain = decor.chain(Embedder.EMBED, CachedSpec.builder().name(args[0]).build());
      Embedder embedder = new Embedder();
      long start = System.nanoTime();
      embedder.embedThrough(chain, "warm-up");
      long called = System.nanoTime();
      awaitWrites(registry, args[0], 1);
      System.out.printf("warmed: first call %d ms, its write landed %d ms later%n",
          (called - start) / 1_000_000, (System.nanoTime() - called) / 1_000_000);
      for (String text : Arrays.copyOfRange(args, 1, args.length)) {
        float[] vector = embedder.embedThrough(chain, text);
        System.out.println("embedded " + text + " computed=" + embedder.computed() + " " + Arrays.toString(vector));
      }
      awaitWrites(registry, args[0], embedder.computed());
      System.out.println("written=" + puts(registry, args[0]));
    }
    System.exit(0);
  }

  private static void awaitWrites(SimpleMeterRegistry registry, String cache, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (puts(registry, cache) < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static long puts(SimpleMeterRegistry registry, String cache) {
    Timer timer = registry.find("decor.cache.shared.latency").tag("name", cache).tag("op", "put").timer();
    return timer == null ? 0 : timer.count();
  }
}
