package dev.decor.engine;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.cache.CacheStats;
import dev.decor.cache.Caches;
import dev.decor.fixtures.Await;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.fixtures.DecoratedFibonacci;
import dev.decor.fixtures.FlakyService;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CachedTest {
  private static final AtomicInteger CACHES = new AtomicInteger();
  private static final MethodKey DESCRIBE =
      MethodKey.of(CountingEmbedder.class, "describe", Object.class);
  private static final MethodKey LABEL =
      MethodKey.of(CountingEmbedder.class, "label", String.class, int.class);

  /** A fresh cache name per test (and per parameterized invocation). */
  private String name;
  private final CountingEmbedder embedder = new CountingEmbedder();

  @BeforeEach
  void freshName() {
    name = "CachedTest#" + CACHES.incrementAndGet();
  }

  private Chain cached(MethodKey key, int maxSize, String ttl) {
    return Chains.of(key, CachedSpec.of(maxSize, ttl, name));
  }

  private Chain describeChain() {
    return cached(DESCRIBE, 100, "");
  }

  private static Object describe(Chain chain, CountingEmbedder e, Object arg) throws Throwable {
    return chain.invoke(e, new Object[] {arg}, () -> e.describe(arg));
  }

  private CacheStats stats() {
    return Caches.stats(name);
  }

  @Test
  void statsCountHitsMissesSizeAndMaxSize() throws Throwable {
    Chain chain = describeChain();
    assertThat(describe(chain, embedder, "a")).isEqualTo("[a]");
    assertThat(describe(chain, embedder, "b")).isEqualTo("[b]");
    assertThat(describe(chain, embedder, "a")).isEqualTo("[a]");
    assertThat(embedder.calls()).isEqualTo(2);
    assertThat(stats()).isEqualTo(new CacheStats(1, 2, 0, 2, 100));
    assertThat(stats().hitRate()).isEqualTo(1 / 3.0);
    assertThat(Caches.names()).contains(name);
  }

  @Test
  void cachedHitAnswersOnlyCompletedEntriesAndCountsWhatInvokeWould() throws Throwable {
    Chain chain = describeChain();
    assertThat(chain.cachedFirst()).isTrue();
    assertThat(chain.cachedHit(embedder, new Object[] {"a"})).isSameAs(Chain.MISS);
    assertThat(stats().hits() + stats().misses()).as("a MISS counts nothing").isZero();
    describe(chain, embedder, "a");
    assertThat(chain.cachedHit(embedder, new Object[] {"a"})).isEqualTo("[a]");
    assertThat(chain.cachedHit(new CountingEmbedder(), new Object[] {"a"}))
        .as("another receiver's entry").isSameAs(Chain.MISS);
    assertThat(embedder.calls()).isEqualTo(1);
    assertThat(stats()).isEqualTo(new CacheStats(1, 1, 0, 1, 100));
  }

  @Test
  void cachedHitLeavesATimedChainToInvokeSoTheHitIsTimed() throws Throwable {
    // An engine of its own: other tests count the global engine's timings of these methods.
    Decor engine = Decor.builder().build();
    Chain chain = engine.chain(DESCRIBE, TimedSpec.builder().build(), CachedSpec.of(100, "", name));
    describe(chain, embedder, "a");
    assertThat(chain.cachedFirst()).isFalse();
    assertThat(chain.cachedHit(embedder, new Object[] {"a"})).isSameAs(Chain.MISS);
    assertThat(engine.cacheStats(name).hits()).isZero();
    assertThat(engine.chain(LABEL, TimedSpec.builder().build()).cachedHit(embedder, new Object[0]))
        .isSameAs(Chain.MISS);
  }

  @Test
  void cachedHitLeavesContentKeyedArgumentsToInvokeSoAMissDigestsThemOnce() throws Throwable {
    Chain chain = Chains.of(MethodKey.of(CountingEmbedder.class, "embed", float[].class),
        CachedSpec.of(100, "", name));
    float[] input = {1f, 2f};
    chain.invoke(embedder, new Object[] {input}, () -> embedder.embed(input));
    assertThat(chain.cachedFirst()).isFalse();
    assertThat(chain.cachedHit(embedder, new Object[] {input.clone()})).isSameAs(Chain.MISS);
    assertThat(stats().hits()).as("a MISS counts nothing").isZero();
  }

  @Test
  void theGetsMeterFollowsACacheThatANewSpecReplaced() throws Throwable {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Decor engine = Decor.builder().meterRegistry(registry).build();
    Chain first = engine.chain(DESCRIBE, CachedSpec.of(10, "", name));
    describe(first, embedder, "a");
    describe(first, embedder, "a");
    Chain replaced = engine.chain(DESCRIBE, CachedSpec.of(20, "", name)); // a new cache
    describe(replaced, embedder, "b");
    describe(replaced, embedder, "b");
    describe(replaced, embedder, "b");
    assertThat(engine.cacheStats(name).hits()).isEqualTo(2);
    assertThat(registry.get("decor.cache.gets").tag("name", name).tag("tier", "local")
        .tag("result", "hit").functionCounter().count()).isEqualTo(2.0);
  }

  /**
   * Two engines reporting to one MeterRegistry (both on {@code Metrics.globalRegistry} when built
   * without one) share the name's meters, as their {@code @Timed} timers do: the counts add up,
   * instead of the second engine's being dropped (with a Micrometer warning about the duplicate).
   */
  @Test
  void twoEnginesOnOneRegistryAddUpTheirGets() throws Throwable {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Decor a = Decor.builder().meterRegistry(registry).build();
    Decor b = Decor.builder().meterRegistry(registry).build();
    Chain onA = a.chain(DESCRIBE, CachedSpec.of(10, "", name));
    Chain onB = b.chain(DESCRIBE, CachedSpec.of(10, "", name));
    describe(onA, embedder, "x");
    describe(onA, embedder, "x");
    describe(onB, embedder, "x");
    describe(onB, embedder, "x");
    describe(onB, embedder, "x");
    assertThat(registry.get("decor.cache.gets").tag("name", name).tag("tier", "local")
        .tag("result", "hit").functionCounter().count()).isEqualTo(3.0);
    assertThat(registry.get("decor.cache.gets").tag("name", name).tag("tier", "local")
        .tag("result", "miss").functionCounter().count()).isEqualTo(2.0);
  }

  @Test
  void configuredNamesThatNoCacheHasAreTheUnknownOnes() throws Throwable {
    Decor engine = Decor.builder().shareCaches(name, "Typo.cache").localCaches("Other.typo")
        .build();
    assertThat(engine.unknownCacheNames()).containsExactlyInAnyOrder(name, "Other.typo",
        "Typo.cache");
    engine.chain(DESCRIBE, CachedSpec.of(10, "", name));
    assertThat(engine.unknownCacheNames()).containsExactly("Other.typo", "Typo.cache");
    assertThat(Decor.builder().build().unknownCacheNames()).isEmpty();
  }

  @Test
  void theBoundEvictsAndCountsEvictions() throws Throwable {
    Chain chain = cached(DESCRIBE, 4, "");
    for (int i = 0; i < 50; i++) {
      describe(chain, embedder, i);
    }
    CacheStats s = stats();
    assertThat(s.misses()).isEqualTo(50);
    assertThat(s.size()).isLessThanOrEqualTo(4);
    assertThat(s.evictions()).isEqualTo(50 - s.size());
  }

  @Test
  void theBoundIsAcrossAllInstances() throws Throwable {
    Chain chain = cached(DESCRIBE, 4, "");
    for (int i = 0; i < 20; i++) {
      describe(chain, new CountingEmbedder(), "same");
    }
    assertThat(stats().misses()).isEqualTo(20);
    assertThat(stats().size()).isLessThanOrEqualTo(4);
  }

  @Test
  void maxSizeZeroMakesEveryCallAMiss() throws Throwable {
    Chain chain = cached(DESCRIBE, 0, "");
    for (int i = 0; i < 3; i++) {
      assertThat(describe(chain, embedder, "a")).isEqualTo("[a]");
    }
    assertThat(embedder.calls()).isEqualTo(3);
    assertThat(stats()).isEqualTo(new CacheStats(0, 3, 0, 0, 0));
  }

  @Test
  void twoReceiversNeverShareResults() throws Throwable {
    Chain chain = describeChain();
    CountingEmbedder other = new CountingEmbedder();
    describe(chain, embedder, "a");
    describe(chain, other, "a");
    describe(chain, other, "a");
    assertThat(embedder.calls()).isEqualTo(1);
    assertThat(other.calls()).isEqualTo(1);
    assertThat(stats().size()).isEqualTo(2);
  }

  /** A receiver with value equality: still keyed by identity. */
  record Tokenizer(String vocabulary) {
    String tokens(String text) {
      return vocabulary + ":" + text;
    }
  }

  @Test
  void receiversAreKeyedByIdentityEvenWhenTheyAreEqual() throws Throwable {
    Chain chain = cached(MethodKey.of(Tokenizer.class, "tokens", String.class), 10, "");
    AtomicInteger runs = new AtomicInteger();
    for (Tokenizer t : List.of(new Tokenizer("en"), new Tokenizer("en"))) {
      chain.invoke(t, new Object[] {"hi"}, () -> {
        runs.incrementAndGet();
        return t.tokens("hi");
      });
    }
    assertThat(runs).hasValue(2);
  }

  @Test
  void staticMethodsHaveNoReceiver() throws Throwable {
    Chain chain = cached(MethodKey.of(CountingEmbedder.class, "normalize", String.class), 10, "");
    int before = CountingEmbedder.staticCalls();
    for (int i = 0; i < 3; i++) {
      Object normalized =
          chain.invoke(null, new Object[] {" Hi "}, () -> CountingEmbedder.normalize(" Hi "));
      assertThat(normalized).isEqualTo("hi");
    }
    assertThat(CountingEmbedder.staticCalls() - before).isEqualTo(1);
    assertThat(stats().hits()).isEqualTo(2);
  }

  @Test
  void aNoArgumentMethodHasOneEntryPerInstance() throws Throwable {
    Chain chain = cached(MethodKey.of(CountingEmbedder.class, "version"), 10, "");
    CountingEmbedder other = new CountingEmbedder();
    Object v1 = chain.invoke(embedder, new Object[0], embedder::version);
    assertThat(chain.invoke(embedder, null, embedder::version)).isEqualTo(v1);
    Object v2 = chain.invoke(other, new Object[0], other::version);
    assertThat(v2).isNotEqualTo(v1);
    assertThat(embedder.calls() + other.calls()).isEqualTo(2);
    assertThat(stats()).isEqualTo(new CacheStats(1, 2, 0, 2, 10));
  }

  @Test
  void allArgumentsTogetherFormTheKey() throws Throwable {
    Chain chain = cached(LABEL, 10, "");
    for (Object[] args : List.of(new Object[] {"x", 1}, new Object[] {"x", 2},
        new Object[] {"y", 1}, new Object[] {"x", 1}, new Object[] {null, 1},
        new Object[] {null, 1})) {
      String text = (String) args[0];
      int n = (Integer) args[1];
      assertThat(chain.invoke(embedder, args, () -> embedder.label(text, n)))
          .isEqualTo(text + "#" + n);
    }
    assertThat(embedder.calls()).isEqualTo(4);
  }

  record Point(int x, int y) {}

  enum Color { RED, GREEN }

  static Stream<Arguments> equalValues() {
    return Stream.of(
        Arguments.of("String", new String("abc"), new String("abc")),
        Arguments.of("Integer", Integer.valueOf(100_000), Integer.valueOf(100_000)),
        Arguments.of("Long", Long.valueOf(1L << 40), Long.valueOf(1L << 40)),
        Arguments.of("Double", Double.valueOf(0.1), Double.valueOf(0.1)),
        Arguments.of("enum", Color.GREEN, Color.valueOf("GREEN")),
        Arguments.of("record", new Point(1, 2), new Point(1, 2)),
        Arguments.of("List", List.of(1, 2), new ArrayList<>(List.of(1, 2))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("equalValues")
  void valueTypesAreKeyedByEquals(String type, Object a, Object b) throws Throwable {
    if (!(a instanceof Enum)) {
      assertThat(a).as("equal, not identical").isNotSameAs(b);
    }
    Chain chain = describeChain();
    describe(chain, embedder, a);
    describe(chain, embedder, b);
    assertThat(embedder.calls()).isEqualTo(1);
    assertThat(stats().hits()).isEqualTo(1);
  }

  static Stream<Arguments> arrays() {
    return Stream.of(
        array("byte[]", () -> new byte[] {1, 2, 3}, a -> ((byte[]) a)[0] = 9),
        array("short[]", () -> new short[] {1, 2, 3}, a -> ((short[]) a)[1] = 9),
        array("char[]", () -> new char[] {'a', 'b'}, a -> ((char[]) a)[1] = 'z'),
        array("int[]", () -> new int[] {1, 2, 3}, a -> ((int[]) a)[2] = 9),
        array("long[]", () -> new long[] {1, 2, 3}, a -> ((long[]) a)[0] = 9),
        array("float[]", () -> new float[] {1f, 2.5f}, a -> ((float[]) a)[1] = 2.25f),
        array("double[]", () -> new double[] {1, 2.5}, a -> ((double[]) a)[0] = -1),
        array("boolean[]", () -> new boolean[] {true, false}, a -> ((boolean[]) a)[1] = true),
        array("String[]", () -> new String[] {"a", "b"}, a -> ((String[]) a)[0] = "c"),
        array("Object[] deep", () -> new Object[] {"s", new int[] {1, 2}},
            a -> ((int[]) ((Object[]) a)[1])[0] = 7),
        array("float[][] deep", () -> new float[][] {{1f}, {2f, 3f}},
            a -> ((float[][]) a)[1][1] = 4f));
  }

  private static Arguments array(String type, Supplier<Object> make, Consumer<Object> mutate) {
    return Arguments.of(type, make, mutate);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arrays")
  void arraysAreKeyedByContentTakenAtCallTime(String type, Supplier<Object> make,
      Consumer<Object> mutate) throws Throwable {
    Chain chain = describeChain();
    Object mine = make.get();
    String original = Arrays.deepToString(new Object[] {mine});
    assertThat(describe(chain, embedder, mine)).isEqualTo(original);
    assertThat(describe(chain, embedder, make.get())).as("equal content hits").isEqualTo(original);
    assertThat(embedder.calls()).isEqualTo(1);

    mutate.accept(mine);
    String changed = Arrays.deepToString(new Object[] {mine});
    assertThat(changed).isNotEqualTo(original);
    assertThat(describe(chain, embedder, mine)).as("new content is not stale").isEqualTo(changed);
    assertThat(embedder.calls()).isEqualTo(2);
    assertThat(describe(chain, embedder, make.get()))
        .as("the entry of the original content is intact").isEqualTo(original);
    assertThat(embedder.calls()).isEqualTo(2);
  }

  @Test
  void elementTypeAndLengthArePartOfAnArrayKey() throws Throwable {
    Chain chain = describeChain();
    Object[] distinct = {new byte[] {1}, new int[] {1}, new long[] {1}, new short[] {1},
        new char[] {1}, new Integer[] {1}, new Object[] {1}, 1, new byte[0], new int[0],
        new byte[] {0}, new byte[] {0, 0}, new float[] {0f}, new int[] {0}};
    for (Object arg : distinct) {
      describe(chain, embedder, arg);
    }
    assertThat(embedder.calls()).isEqualTo(distinct.length);
    assertThat(stats().size()).isEqualTo(distinct.length);
  }

  @Test
  void byteBuffersAreKeyedByTheirRemainingBytesAndKeepTheirPosition() throws Throwable {
    Chain chain = describeChain();
    ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 9}).position(2).limit(5);
    assertThat(describe(chain, embedder, heap)).isEqualTo("ByteBuffer[1, 2, 3]");
    assertThat(heap.position()).isEqualTo(2);
    assertThat(heap.limit()).isEqualTo(5);

    ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
    assertThat(describe(chain, embedder, direct)).isEqualTo("ByteBuffer[1, 2, 3]");
    assertThat(direct.position()).isZero();
    ByteBuffer readOnly = ByteBuffer.wrap(new byte[] {1, 2, 3}).asReadOnlyBuffer();
    ByteBuffer littleEndian = ByteBuffer.allocateDirect(5).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .put(new byte[] {0, 1, 2, 3, 0}).position(1).limit(4);
    assertThat(describe(chain, embedder, readOnly)).isEqualTo("ByteBuffer[1, 2, 3]");
    assertThat(describe(chain, embedder, littleEndian)).isEqualTo("ByteBuffer[1, 2, 3]");
    assertThat(littleEndian.position()).isEqualTo(1);
    assertThat(embedder.calls()).as("same remaining bytes hit, whatever the buffer").isEqualTo(1);

    heap.put(3, (byte) 7);
    assertThat(describe(chain, embedder, heap)).isEqualTo("ByteBuffer[1, 7, 3]");
    assertThat(describe(chain, embedder, new byte[] {1, 2, 3})).isEqualTo("[[1, 2, 3]]");
    assertThat(embedder.calls()).isEqualTo(3);
  }

  @Test
  void nullResultsAreCached() throws Throwable {
    Chain chain = cached(MethodKey.of(CountingEmbedder.class, "nothing", String.class), 10, "");
    for (int i = 0; i < 3; i++) {
      assertThat(chain.invoke(embedder, new Object[] {"a"}, () -> embedder.nothing("a"))).isNull();
    }
    assertThat(embedder.calls()).isEqualTo(1);
    assertThat(stats()).isEqualTo(new CacheStats(2, 1, 0, 1, 10));
  }

  @Test
  void exceptionsAreNotCached() throws Throwable {
    Chain chain = describeChain();
    IllegalStateException failure = new IllegalStateException("transient");
    assertThatThrownBy(() -> chain.invoke(embedder, new Object[] {"a"}, () -> {
      throw failure;
    })).isSameAs(failure);
    assertThat(stats().size()).isZero();
    assertThat(describe(chain, embedder, "a")).isEqualTo("[a]");
    assertThat(describe(chain, embedder, "a")).isEqualTo("[a]");
    assertThat(embedder.calls()).isEqualTo(1);
    assertThat(stats()).isEqualTo(new CacheStats(1, 2, 0, 1, 100));
  }

  @Test
  void entriesExpireAfterWrite() throws Throwable {
    Chain chain = cached(DESCRIBE, 10, "50ms");
    describe(chain, embedder, "a");
    Await.until("the entry to expire", Duration.ofSeconds(10), () -> {
      try {
        describe(chain, embedder, "a");
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
      return embedder.calls() == 2;
    });
  }

  @Test
  void withoutExpiryEntriesStay() throws Throwable {
    Chain chain = cached(DESCRIBE, 10, "1h");
    describe(chain, embedder, "a");
    for (int i = 0; i < 100; i++) {
      describe(chain, embedder, "a");
    }
    assertThat(embedder.calls()).isEqualTo(1);
  }

  @Test
  void clearEmptiesTheCacheAndResetsItsStatistics() throws Throwable {
    Chain chain = describeChain();
    describe(chain, embedder, "a");
    describe(chain, embedder, "a");
    Caches.clear(name);
    assertThat(stats()).isEqualTo(new CacheStats(0, 0, 0, 0, 100));
    describe(chain, embedder, "a");
    assertThat(embedder.calls()).isEqualTo(2);
    assertThat(stats()).isEqualTo(new CacheStats(0, 1, 0, 1, 100));
  }

  @Test
  void anUnknownNameHasAllZeros() {
    assertThat(Caches.stats("Nobody.registered")).isEqualTo(new CacheStats(0, 0, 0, 0, 0));
    Caches.clear("Nobody.registered");
    assertThat(Caches.stats("Nobody.registered")).isEqualTo(CacheStats.EMPTY);
  }

  @Test
  void theDefaultNameIsTheMethodsDecorName() throws Throwable {
    Chain chain = Chains.of(LABEL, CachedSpec.of(10, "", ""));
    Caches.clear("CountingEmbedder.label");
    chain.invoke(embedder, new Object[] {"a", 1}, () -> embedder.label("a", 1));
    assertThat(Caches.stats("CountingEmbedder.label").misses()).isEqualTo(1);
  }

  @Test
  void chainsWithTheSameSpecShareACacheAndAnotherSpecGetsItsOwn() throws Throwable {
    Chain first = describeChain();
    Chain second = describeChain();
    describe(first, embedder, "a");
    describe(second, embedder, "a");
    assertThat(embedder.calls()).as("both front ends share one cache").isEqualTo(1);

    Chain disabled = cached(DESCRIBE, 0, "");
    describe(disabled, embedder, "a");
    describe(disabled, embedder, "a");
    assertThat(embedder.calls()).isEqualTo(3);
    assertThat(stats().maxSize()).isZero();
  }

  @Test
  void aNameUsedByTwoMethodsIsRejected() {
    describeChain();
    assertThatThrownBy(() -> cached(LABEL, 100, ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("[decor/CacheNameClash] @Cached(name = \"" + name + "\")");
  }

  @Test
  void theReceiverIsHeldWeakly() throws Throwable {
    Chain chain = describeChain();
    WeakReference<CountingEmbedder> receiver = cacheThreeEntriesOnAThrowawayReceiver(chain);
    assertThat(stats().size()).isEqualTo(3);

    Await.collected("a receiver with cached entries", receiver);

    // Dead entries are dropped on later misses, once the reference handler has enqueued their
    // keys (asynchronously, and slowly on a loaded machine). Each probe adds one live entry, so
    // probe at most 90 times (the cache holds 100) and give the handler 50 ms between probes.
    int misses = 0;
    while (misses < 90) {
      describe(chain, embedder, ++misses);
      if (stats().size() == misses) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("entries of the collected receiver were never dropped: size "
        + stats().size() + " after " + misses + " misses");
  }

  private static WeakReference<CountingEmbedder> cacheThreeEntriesOnAThrowawayReceiver(Chain chain)
      throws Throwable {
    CountingEmbedder throwaway = new CountingEmbedder();
    for (String s : List.of("a", "b", "c")) {
      describe(chain, throwaway, s);
    }
    return new WeakReference<>(throwaway);
  }

  @Test
  void theCacheKeepsNoReferenceToTheCallersArrays() throws Throwable {
    Chain chain = describeChain();
    WeakReference<float[]> array = cacheAThrowawayArray(chain);
    Await.collected("an array used as a key", array);
    assertThat(describe(chain, embedder, new float[] {1f, 2f})).isEqualTo("[[1.0, 2.0]]");
    assertThat(stats().hits()).as("the entry outlives the array").isEqualTo(1);
  }

  private WeakReference<float[]> cacheAThrowawayArray(Chain chain) throws Throwable {
    float[] throwaway = {1f, 2f};
    describe(chain, embedder, throwaway);
    return new WeakReference<>(throwaway);
  }

  @Test
  @ResourceLock(DecoratedFibonacci.CACHE) // one global cache, shared with another test class
  void aRecursiveCachedFibonacciWorks() {
    Caches.clear(DecoratedFibonacci.CACHE);
    DecoratedFibonacci fib = new DecoratedFibonacci();
    assertThat(fib.fib(90)).isEqualTo(2_880_067_194_370_816_120L);
    assertThat(fib.computations()).isEqualTo(91);
    assertThat(Caches.stats(DecoratedFibonacci.CACHE))
        .isEqualTo(new CacheStats(88, 91, 0, 91, 128));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCachedStageIsSharedAsCopiesAndDroppedWhenItFails() throws Throwable {
    Chain chain = cached(MethodKey.of(FlakyService.class, "callAsync", String.class), 10, "");
    CompletableFuture<String> pending = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    var first = (CompletableFuture<String>) chain.invoke(null, new Object[] {"a"}, () -> {
      calls.incrementAndGet();
      return pending;
    });
    var second = (CompletableFuture<String>) chain.invoke(null, new Object[] {"a"}, () -> {
      throw new AssertionError("a hit must not run the method");
    });
    second.complete("a caller completing its copy");
    pending.complete("value");
    assertThat(first.get(1, TimeUnit.SECONDS)).isEqualTo("value");
    assertThat(chain.invoke(null, new Object[] {"a"}, () -> null))
        .isInstanceOfSatisfying(CompletableFuture.class,
            f -> assertThat(f.join()).isEqualTo("value"));

    CompletableFuture<String> failing = new CompletableFuture<>();
    chain.invoke(null, new Object[] {"b"}, () -> failing);
    failing.completeExceptionally(new IllegalStateException());
    chain.invoke(null, new Object[] {"b"}, () -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture("retry");
    });
    assertThat(calls).as("a failed stage is not cached").hasValue(2);
  }
}
