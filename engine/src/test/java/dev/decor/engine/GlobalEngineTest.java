package dev.decor.engine;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.cache.Caches;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.TimedSpec;
import dev.decor.timing.Timings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The global engine that annotated methods run on: replacing it moves their chains to the new
 * engine's registries, clock and MeterRegistry. Isolated: it swaps what every other test's
 * {@link Chains#of} chain follows.
 */
@Isolated
class GlobalEngineTest {
  private final Decor original = Decor.global();

  @AfterEach
  void restore() {
    Decor.setGlobal(original);
  }

  @Test
  void chainsOfAnnotatedMethodsFollowTheGlobalEngine() throws Throwable {
    Chain chain = Chains.of(MethodKey.of(CountingEmbedder.class, "label", String.class, int.class),
        TimedSpec.of("", false), CachedSpec.of(10, "", "GlobalEngineTest.label"));
    CountingEmbedder embedder = new CountingEmbedder();
    chain.invoke(embedder, new Object[] {"x", 1}, () -> embedder.label("x", 1));
    assertThat(Caches.stats("GlobalEngineTest.label").misses()).isEqualTo(1);

    long[] now = {0};
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Decor test = Decor.builder().nanoTime(() -> now[0] += 1_000).meterRegistry(registry).build();
    assertThat(Decor.setGlobal(test)).isSameAs(original);

    chain.invoke(embedder, new Object[] {"x", 1}, () -> embedder.label("x", 1));
    // A fresh engine: its own, empty cache (a miss again), its clock, its registry.
    assertThat(test.cacheStats("GlobalEngineTest.label").misses()).isEqualTo(1);
    assertThat(Caches.stats("GlobalEngineTest.label").misses()).isEqualTo(1);
    assertThat(Timings.stats("CountingEmbedder.label").totalNanos()).isEqualTo(1_000);
    assertThat(registry.get("method.timed").timer().count()).isEqualTo(1);
    assertThat(original.cacheStats("GlobalEngineTest.label").misses()).isEqualTo(1);

    Decor.setGlobal(original);
    chain.invoke(embedder, new Object[] {"x", 1}, () -> embedder.label("x", 1));
    assertThat(original.cacheStats("GlobalEngineTest.label").hits()).isEqualTo(1);
  }

  @Test
  void decoratorsNamedRunOnTheGlobalEngine() {
    Decor test = Decor.builder().build();
    Decor.setGlobal(test);
    Function<String, Integer> length =
        Decorators.named("GlobalEngineTest.length").cached(4).function(String::length);
    length.apply("abc");
    length.apply("abc");
    assertThat(test.cacheStats("GlobalEngineTest.length").hits()).isEqualTo(1);
    assertThat(Caches.stats("GlobalEngineTest.length").hits()).isEqualTo(1);
  }

  @Test
  void theGlobalEngineNeedsNoSetUp() {
    assertThat(Decor.global()).isNotNull().isSameAs(Decor.global());
  }
}
