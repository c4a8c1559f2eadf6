package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.cache.CacheKey;
import dev.decor.cache.CacheStats;
import dev.decor.cache.Caches;
import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.fixtures.Await;
import dev.decor.fixtures.Workers;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.CachedSpec;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code @Cached} method with a key class of its own, as generated wrappers write it
 * ({@code Chains.of(key, factory, spec)}, {@code Chain.cachedHit(CacheKey)} before the closure,
 * {@code invoke} with the arguments on a miss): hits are answered from the wrapper's key, the
 * chain stores keys the factory makes, and keys compare as the engine's own do.
 */
class GeneratedKeyTest {
  private static final AtomicInteger CACHES = new AtomicInteger();

  /** The method the wrapper below decorates. */
  public static class Labels {
    final AtomicInteger calls = new AtomicInteger();
    /** Runs at the start of every computation. */
    volatile Runnable onCall = () -> {};

    public String label(float weight, String lang, Object extra) {
      calls.incrementAndGet();
      onCall.run();
      return lang + ":" + weight + (extra instanceof Object[] a ? ":" + a.length : "");
    }
  }

  /** What the processor writes for {@code label}: the override and the key class. */
  static final class DecoratedLabels extends Labels {
    private final Chain chain;

    DecoratedLabels(Chain chain) {
      this.chain = chain;
    }

    @Override
    public String label(float weight, String lang, Object extra) {
      try {
        Key key = new Key(this, weight, lang, extra);
        Object hit = chain.cachedHit(key);
        if (hit != Chain.MISS) {
          return (String) hit;
        }
        return (String) chain.invoke(this, new Object[] {weight, lang, extra},
            () -> super.label(weight, lang, extra));
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }

    private static final class Key extends CacheKey {
      private final float weight;
      private final String lang;
      private final Object extra;

      Key(Object self, float weight, String lang, Object extra) {
        super(self);
        this.weight = weight;
        this.lang = lang;
        this.extra = part(extra);
      }

      static CacheKey of(Object self, Object[] args) {
        return new Key(self, (float) args[0], (String) args[1], args[2]);
      }

      @Override
      public int hashCode() {
        int h = receiverHash();
        h = 31 * h + Float.hashCode(weight);
        h = 31 * h + Objects.hashCode(lang);
        h = 31 * h + Objects.hashCode(extra);
        return h;
      }

      @Override
      public boolean equals(Object o) {
        if (!(o instanceof Key)) {
          return false;
        }
        Key k = (Key) o;
        return Float.floatToIntBits(weight) == Float.floatToIntBits(k.weight)
            && Objects.equals(lang, k.lang) && Objects.equals(extra, k.extra) && sameReceiver(k);
      }

      @Override
      protected Object[] parts() {
        return new Object[] {weight, part(lang), extra};
      }
    }
  }

  private String name;
  private Chain chain;

  @BeforeEach
  void freshChain() {
    name = "GeneratedKeyTest#" + CACHES.incrementAndGet();
    chain = Chains.of(MethodKey.of(Labels.class, "label", float.class, String.class, Object.class),
        DecoratedLabels.Key::of, CachedSpec.of(100, "", name));
  }

  private CacheStats stats() {
    return Caches.stats(name);
  }

  @Test
  void aHitIsAnsweredFromTheWrappersKeyAndCountedOnce() {
    DecoratedLabels labels = new DecoratedLabels(chain);
    assertThat(labels.label(1f, "en", null)).isEqualTo("en:1.0");
    assertThat(labels.label(1f, "en", null)).isEqualTo("en:1.0");
    assertThat(labels.label(1f, "de", null)).isEqualTo("de:1.0");
    assertThat(labels.label(1f, "en", null)).isEqualTo("en:1.0");

    assertThat(labels.calls).hasValue(2);
    assertThat(stats()).isEqualTo(new CacheStats(2, 2, 0, 2, 100));
  }

  @Test
  void keysCompareAsTheEnginesDo() {
    DecoratedLabels labels = new DecoratedLabels(chain);
    labels.label(Float.NaN, "en", null);
    labels.label(Float.NaN, "en", null);   // NaN equals NaN, as boxed floats do
    labels.label(0f, "en", null);
    labels.label(-0f, "en", null);         // 0.0 and -0.0 differ, as boxed floats do
    labels.label(1f, null, new int[] {1, 2});
    labels.label(1f, null, new int[] {1, 2}); // an array by its contents
    labels.label(1f, null, new int[] {2, 1});
    new DecoratedLabels(chain).label(0f, "en", null); // another receiver, another key

    assertThat(labels.calls).hasValue(5);
    assertThat(stats().hits()).isEqualTo(2);
  }

  @Test
  void theWrappersKeyFindsWhatTheEnginesPathStored() throws Throwable {
    // A miss stores the key the factory made from the argument array; the hit path's key, built
    // field by field, must find it.
    DecoratedLabels labels = new DecoratedLabels(chain);
    chain.invoke(labels, new Object[] {2f, "fr", new String[] {"x"}},
        () -> labels.label(2f, "fr", new String[] {"x"}));
    assertThat(chain.cachedHit(new DecoratedLabels.Key(labels, 2f, "fr", new String[] {"x"})))
        .isEqualTo("fr:2.0:1");
    assertThat(stats().hits()).isEqualTo(1);
  }

  @Test
  void anArgumentThatContainsItselfMissesAndTheChainReportsIt() {
    DecoratedLabels labels = new DecoratedLabels(chain);
    Object[] cyclic = new Object[1];
    cyclic[0] = cyclic;
    assertThat(chain.cachedHit(new DecoratedLabels.Key(labels, 1f, "en", cyclic)))
        .isSameAs(Chain.MISS);
    assertThatThrownBy(() -> labels.label(1f, "en", cyclic))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.cachedCyclicArgument(
            MethodKey.of(Labels.class, "label", float.class, String.class, Object.class)
                .toString()));
    assertThat(labels.calls).hasValue(0);
  }

  @Test
  void theReceiverIsHeldWeaklyAndItsEntriesGoOnceItIsCollected() {
    WeakReference<Labels> receiver = cacheThreeEntriesOnAThrowawayReceiver();
    assertThat(stats().size()).isEqualTo(3);
    Await.collected("a receiver with cached entries", receiver);
    // Dead entries are dropped on later misses, once the reference handler has enqueued them.
    DecoratedLabels labels = new DecoratedLabels(chain);
    AtomicInteger misses = new AtomicInteger();
    Await.until("the collected receiver's entries dropped", Duration.ofSeconds(30), () -> {
      labels.label(misses.incrementAndGet(), "en", null);
      return stats().size() == misses.get();
    });
  }

  private WeakReference<Labels> cacheThreeEntriesOnAThrowawayReceiver() {
    DecoratedLabels throwaway = new DecoratedLabels(chain);
    for (String lang : List.of("a", "b", "c")) {
      throwaway.label(1f, lang, null);
    }
    return new WeakReference<>(throwaway);
  }

  @Test
  void aColdStartOnManyThreadsComputesOnceAndEveryCallerGetsTheValue() throws Throwable {
    int threads = 32;
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    DecoratedLabels labels = new DecoratedLabels(chain);
    labels.onCall = () -> {
      computing.countDown();
      try {
        if (!finish.await(30, TimeUnit.SECONDS)) {
          throw new AssertionError("never released");
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    };
    Workers<String> callers = Workers.start(threads, i -> labels.label(3f, "it", null)).release();
    assertThat(computing.await(30, TimeUnit.SECONDS)).isTrue();
    finish.countDown();

    assertThat(callers.await()).hasSize(threads).containsOnly("it:3.0");
    assertThat(labels.calls).hasValue(1);
    CacheStats stats = stats();
    assertThat(stats.hits() + stats.misses()).isEqualTo(threads);
    assertThat(stats.misses()).isEqualTo(1);
  }
}
