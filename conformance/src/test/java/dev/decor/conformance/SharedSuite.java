package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.cache.SharedTier;
import dev.decor.conformance.woven.InvalidSharedTargets;
import dev.decor.engine.Decor;
import dev.decor.fixtures.Await;
import dev.decor.internal.Messages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Cached(shared = true)} in every {@link Mode}: two engines on one store behave as two
 * replicas — what one computed, the other answers without running the method; the engine's
 * configuration shares or keeps caches by name; woven, the processor's compile errors on the first
 * call. The store is a map in this JVM (decor-jcache's tests use a Hazelcast cluster).
 */
abstract class SharedSuite {
  abstract Mode mode();

  private final Map<String, Map<String, byte[]>> store = new ConcurrentHashMap<>();
  private final SharedTier tier = (name, ttl) -> {
    Map<String, byte[]> entries = store.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    return new SharedTier.Store() {
      @Override
      public byte[] get(String key) {
        return entries.get(key);
      }

      @Override
      public void put(String key, byte[] value) {
        entries.put(key, value);
      }
    };
  };
  private Decor previous;

  @BeforeEach
  void saveEngine() {
    previous = Decor.global();
  }

  @AfterEach
  void restoreEngine() {
    Decor.global().close();
    Decor.setGlobal(previous);
  }

  /** A fresh replica: its own engine (the global one now) on the shared store. */
  private void replica(Consumer<Decor.Builder> settings) {
    Decor.Builder b = Decor.builder().sharedTier(tier).meterRegistry(new SimpleMeterRegistry())
        .sharedTimeout(Duration.ofSeconds(5)); // a loaded build machine must not time out a hit
    settings.accept(b);
    Decor old = Decor.setGlobal(b.build());
    if (old != previous) {
      old.close();
    }
  }

  private void awaitEntries(String cache, int n) {
    Await.until(n + " entries of " + cache + " written to the shared store",
        Duration.ofSeconds(10), () -> store.getOrDefault(cache, Map.of()).size() >= n);
  }

  @Test
  void whatOneReplicaComputedAnotherAnswersWithoutRunningTheMethod() throws Exception {
    replica(b -> { });
    SharedModel first = mode().create(SharedModel.class);
    SharedModel.Scores computed = first.classify(new float[] {0.25f, 0.5f}, "seven");
    awaitEntries("SharedModel.classify", 1);

    replica(b -> { });
    SharedModel second = mode().create(SharedModel.class);
    SharedModel.Scores shared = second.classify(new float[] {0.25f, 0.5f}, "seven");

    assertThat(first.calls).hasValue(1);
    assertThat(second.calls).hasValue(0);
    assertThat(shared.label()).isEqualTo("seven");
    assertThat(shared.probabilities()).containsExactly(computed.probabilities());
    assertThat(Decor.global().cacheStats("SharedModel.classify").sharedHits()).isEqualTo(1);
    // other arguments are computed
    second.classify(new float[] {0.25f, 0.75f}, "seven");
    assertThat(second.calls).hasValue(1);
  }

  @Test
  void theEnginesConfigurationSharesACacheByName() throws Exception {
    replica(b -> b.shareCaches("SharedModel.histogram"));
    SharedModel first = mode().create(SharedModel.class);
    first.histogram(new byte[] {1, (byte) 200});
    awaitEntries("SharedModel.histogram", 1);

    replica(b -> b.shareCaches("SharedModel.histogram"));
    SharedModel second = mode().create(SharedModel.class);
    assertThat(second.histogram(new byte[] {1, (byte) 200})).containsExactly(1, 0, 0, 1);
    assertThat(second.calls).hasValue(0);
  }

  @Test
  void theEnginesConfigurationKeepsAnAnnotatedCacheInProcess() throws Exception {
    replica(b -> b.localCaches("SharedModel.classify"));
    SharedModel model = mode().create(SharedModel.class);
    model.classify(new float[] {1f}, "one");
    model.classify(new float[] {1f}, "one");
    assertThat(model.calls).hasValue(1);
    assertThat(store).doesNotContainKey("SharedModel.classify");
  }

  @Test
  void rulesTheProcessorEnforcesFailOnFirstWovenCallWithItsMessage() throws Exception {
    assumeTrue(mode().woven(), "the processor rejects these at compile time");
    replica(b -> { });
    InvalidSharedTargets invalid = mode().create(InvalidSharedTargets.class);
    // the parameter's source name, as the processor reports it: the join point knows it
    assertFails(() -> InvalidSharedTargets.byObject(1),
        Messages.sharedKey("byObject(Object)", "key", "Object"));
    assertFails(() -> invalid.onInstance("k"),
        Messages.sharedNamespace("onInstance(String)", "InvalidSharedTargets"));
    assertThat(invalid.bodyRuns).hasValue(0);
  }

  private static void assertFails(Runnable call, String message) {
    assertThatThrownBy(call::run).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
