package dev.decor.cache;

import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.CacheNamespace;
import dev.decor.fixtures.Await;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.spec.CachedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two-tier {@code @Cached} logic against a store two engines share, as replicas share a
 * cluster: what is shared, keys, values, and that a slow or failing tier never fails a call.
 * The tier here is a map in this JVM (what is under test is decor's side); decor-jcache's tests
 * run the same against a Hazelcast cluster of separate JVMs.
 */
class SharedTierTest {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final MethodKey PREDICT =
      MethodKey.of(Model.class, "predict", float[].class, String.class, Mode.class);
  private static final MethodKey PREDICT_ASYNC =
      MethodKey.of(Model.class, "predictAsync", String.class);
  private static final MethodKey OPAQUE = MethodKey.of(Model.class, "opaque", Object.class);
  private static final MethodKey HANDLE = MethodKey.of(Model.class, "handle", String.class);
  private static final MethodKey SCORE = MethodKey.of(Plain.class, "score", String.class);

  private final String name = "SharedTierTest#" + NAMES.incrementAndGet();
  private final MapTier tier = new MapTier();
  private final List<Decor> engines = new ArrayList<>();

  enum Mode { FAST, EXACT }

  record Prediction(String label, float[] scores, List<String> top, Mode mode, Integer rank) {}

  /** A model whose namespace (name and version) stands in for its identity in other JVMs. */
  static final class Model implements CacheNamespace {
    final String namespace;
    final AtomicInteger calls = new AtomicInteger();

    Model(String namespace) {
      this.namespace = namespace;
    }

    @Override
    public String cacheNamespace() {
      return namespace;
    }

    Prediction predict(float[] pixels, String tag, Mode mode) {
      calls.incrementAndGet();
      return new Prediction(tag + ":" + pixels.length, pixels.clone(),
          List.of("a", tag), mode, null);
    }

    CompletableFuture<Prediction> predictAsync(String tag) {
      calls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> new Prediction(tag, new float[] {1f},
          List.of(), Mode.FAST, 1));
    }

    String opaque(Object o) {
      calls.incrementAndGet();
      return String.valueOf(o);
    }

    Handle handle(String tag) {
      calls.incrementAndGet();
      return new Handle(tag);
    }
  }

  /** A value type without a default codec. */
  static final class Handle {
    final String tag;

    Handle(String tag) {
      this.tag = tag;
    }
  }

  /** No CacheNamespace: its instances have no identity across JVMs. */
  static final class Plain {
    String score(String s) {
      return s;
    }
  }

  /** Shared entries per cache, with counts of calls and knobs for latency and failure. */
  static final class MapTier implements SharedTier {
    final Map<String, Map<String, byte[]>> caches = new ConcurrentHashMap<>();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();
    // A slow tier is what the tests using this exercise (timeouts, the breaker, queued writes):
    // the sleep is the tier's latency, not a wait standing in for a signal.
    volatile long delayMillis;
    volatile boolean failing;
    /** While set, opening a store waits for it: a client connecting, a cache being created. */
    volatile CountDownLatch heldOpen;
    /**
     * While set, writes wait for it before they behave: a test of the breaker holds them, so that
     * a write finishing late (its success closes the breaker, its failure extends it) cannot move
     * the breaker between the test's steps. Released before the engines close.
     */
    volatile CountDownLatch heldWrites;

    @Override
    public Store open(String cacheName, Duration ttl) throws InterruptedException {
      CountDownLatch held = heldOpen;
      if (held != null) {
        held.await();
      }
      Map<String, byte[]> entries = caches.computeIfAbsent(cacheName, n -> new ConcurrentHashMap<>());
      return new Store() {
        @Override
        public byte[] get(String key) throws Exception {
          gets.incrementAndGet();
          behave();
          return entries.get(key);
        }

        @Override
        public void put(String key, byte[] value) throws Exception {
          puts.incrementAndGet();
          CountDownLatch held = heldWrites;
          if (held != null) {
            held.await();
          }
          behave();
          entries.put(key, value);
        }
      };
    }

    private void behave() throws Exception {
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      if (failing) {
        throw new IllegalStateException("member unreachable");
      }
    }

    int size(String cache) {
      return caches.getOrDefault(cache, Map.of()).size();
    }
  }

  private Decor engine() {
    return engine(b -> { });
  }

  private Decor engine(java.util.function.Consumer<Decor.Builder> settings) {
    // A generous timeout unless a test sets its own: a loaded build machine must not turn a
    // shared hit into a timeout.
    Decor.Builder b = Decor.builder().sharedTier(tier).meterRegistry(new SimpleMeterRegistry())
        .sharedTimeout(Duration.ofSeconds(5));
    settings.accept(b);
    Decor engine = b.build();
    engines.add(engine);
    return engine;
  }

  @AfterEach
  void close() {
    for (CountDownLatch held : new CountDownLatch[] {tier.heldOpen, tier.heldWrites}) {
      if (held != null) {
        held.countDown();
      }
    }
    engines.forEach(Decor::close);
  }

  private CachedSpec shared() {
    return shared("");
  }

  private CachedSpec shared(String suffix) {
    return CachedSpec.builder().name(name + suffix).maxSize(100).shared(true).build();
  }

  private static Prediction predict(Chain chain, Model m, float[] px, String tag, Mode mode)
      throws Throwable {
    return (Prediction) chain.invoke(m, new Object[] {px, tag, mode}, () -> m.predict(px, tag, mode));
  }

  private void awaitWrites(int entries) {
    Await.until("shared writes", Duration.ofSeconds(5), () -> tier.size(name) >= entries);
  }

  @Test
  void aReplicaGetsWhatAnotherComputedWithoutComputing() throws Throwable {
    Model a = new Model("mnist@3");
    Model b = new Model("mnist@3");
    Chain onA = engine().chain(PREDICT, shared());
    Chain onB = engine().chain(PREDICT, shared());
    float[] px = {0.5f, 0.25f};

    Prediction computed = predict(onA, a, px, "x", Mode.EXACT);
    awaitWrites(1);
    Prediction shared = predict(onB, b, px.clone(), "x", Mode.EXACT);

    assertThat(a.calls).hasValue(1);
    assertThat(b.calls).hasValue(0);
    assertThat(shared.label()).isEqualTo(computed.label());
    assertThat(shared.scores()).containsExactly(0.5f, 0.25f);
    assertThat(shared.top()).containsExactly("a", "x");
    assertThat(shared.mode()).isEqualTo(Mode.EXACT);
    assertThat(shared.rank()).isNull();
    CacheStats onBStats = engines.get(1).cacheStats(name);
    assertThat(onBStats.hits()).isEqualTo(1);
    assertThat(onBStats.sharedHits()).isEqualTo(1);
    assertThat(onBStats.misses()).isZero();
    // and B's in-process tier has it now: the next call does not ask the tier
    int gets = tier.gets.get();
    predict(onB, b, px, "x", Mode.EXACT);
    assertThat(tier.gets).hasValue(gets);
  }

  @Test
  void differentNamespacesOrArgumentsNeverShare() throws Throwable {
    Chain onA = engine().chain(PREDICT, shared());
    Chain onB = engine().chain(PREDICT, shared());
    Model v3 = new Model("mnist@3");
    Model v4 = new Model("mnist@4");
    predict(onA, v3, new float[] {1f}, "x", Mode.FAST);
    awaitWrites(1);

    predict(onB, v4, new float[] {1f}, "x", Mode.FAST);
    predict(onB, v3, new float[] {1f}, "x", Mode.EXACT);
    predict(onB, v3, new float[] {2f}, "x", Mode.FAST);
    predict(onB, v3, new float[] {1f}, "y", Mode.FAST);

    assertThat(v4.calls).hasValue(1);
    assertThat(v3.calls).hasValue(4);
    assertThat(engines.get(1).cacheStats(name).sharedHits()).isZero();
  }

  @Test
  void keyBytesAreAFixedEncoding() throws Exception {
    byte[] prefix = SharedKeys.prefix("c", "p.M#f(int)", "String");
    assertThat(HexFormat.of().formatHex(prefix))
        .isEqualTo("646b01" + "00000001" + "63" + "0000000a" + "702e4d236628696e7429"
            + "00000006" + "537472696e67");
    byte[] key = SharedKeys.encode(prefix, new Model("ns"), CacheKeys.parts(CacheKeys.argsKey(
        new Object[] {7, "é", null, Mode.FAST, true, 2L, 1.5f, -0.0d, (byte) 3, (short) 4, 'z',
            new int[] {1, 2}, new String[] {"a"}, new Tagged("t", 9)})));
    String expected = HexFormat.of().formatHex(prefix)
        + "01" + "00000002" + "6e73"                       // namespace "ns"
        + "0000000e"                                       // 14 arguments
        + "49" + "00000007"                                // I 7
        + "54" + "00000002" + "c3a9"                       // T "é"
        + "4e"                                             // N
        + "45" + str(Mode.class.getName()) + str("FAST")
        + "5a" + "01"                                      // Z true
        + "4a" + "0000000000000002"                        // J 2
        + "46" + "3fc00000"                                // F 1.5
        + "44" + "8000000000000000"                        // D -0.0
        + "42" + "03" + "53" + "00000004" + "43" + "0000007a"
        + "5b" + "49" + digestOf(new int[] {1, 2})          // [ I length digest
        + "41" + str("java.lang.String") + "00000001" + "54" + str("a")
        + "52" + str(Tagged.class.getName()) + "00000002"
        + "54" + str("t") + "49" + "00000009";
    assertThat(HexFormat.of().formatHex(key)).isEqualTo(expected);
    assertThat(SharedKeys.storeKey(key)).hasSize(22).matches("[A-Za-z0-9_-]+");
  }

  /** The in-process digest of an array, which the shared key reuses: length and 128 bits. */
  private static String digestOf(Object array) {
    CacheKeys.Digest d = (CacheKeys.Digest) CacheKeys.normalize(array);
    return String.format("%08x%016x%016x", d.length(), d.h1(), d.h2());
  }

  /** A string as keys carry it: 4-byte length, UTF-8. */
  private static String str(String s) {
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return String.format("%08x", utf8.length) + HexFormat.of().formatHex(utf8);
  }

  record Tagged(String tag, int n) {}

  @Test
  void theArrayDigestInKeysIsPinned() {
    // XXH3-128 of the little-endian ints 1, 2: changing the digest would orphan every shared entry.
    assertThat(digestOf(new int[] {1, 2})).isEqualTo(GOLDEN_INT_DIGEST);
  }

  private static final String GOLDEN_INT_DIGEST = "00000002" + "9cb99f86ae035f85" + "657ce6e8d8ff657f";

  @Test
  void aSlowTierIsBoundedByTheTimeoutAndThenSkipped() throws Throwable {
    AtomicLong now = new AtomicLong();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // A timeout a loaded machine's fast lookups never reach, far below the slow tier's minute;
    // enough pool threads for the held writes (one per miss that asked the tier) and the lookups.
    Chain chain = engine(b -> b.meterRegistry(registry).sharedTimeout(Duration.ofMillis(500))
        .sharedThreads(16).sharedRetryAfter(Duration.ofSeconds(5)).nanoTime(now::get))
        .chain(PREDICT, shared());
    Model m = new Model("m@1");
    predict(chain, m, new float[] {-100}, "x", Mode.FAST);
    awaitWrites(1); // the store is open: from now on every miss that asks the tier reaches it
    tier.delayMillis = 60_000; // interrupted when the lookup times out
    tier.heldWrites = new CountDownLatch(1); // only the lookups move the breaker

    for (int i = 0; i < SharedTierClient.FAILURES_TO_OPEN; i++) {
      long start = System.nanoTime();
      predict(chain, m, new float[] {i}, "x", Mode.FAST);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
    assertThat(errors(registry, "timeout")).isEqualTo(SharedTierClient.FAILURES_TO_OPEN);
    assertThat(engines.get(0).sharedTierStatus()).isEqualTo(SharedTierStatus.DOWN);
    for (int i = 0; i < 20; i++) {
      predict(chain, m, new float[] {100 + i}, "x", Mode.FAST);
    }
    assertThat(m.calls).hasValue(1 + SharedTierClient.FAILURES_TO_OPEN + 20);
    assertThat(errors(registry, "timeout")).as("skipped while down: no lookup timed out")
        .isEqualTo(SharedTierClient.FAILURES_TO_OPEN);
    assertThat(engines.get(0).cacheStats(name).sharedErrors()).isGreaterThanOrEqualTo(23);

    // after retryAfter one call probes; while the tier still fails, the others keep skipping it
    tier.delayMillis = 0;
    tier.failing = true;
    now.addAndGet(Duration.ofSeconds(6).toNanos());
    int getsWhenProbed = tier.gets.get();
    predict(chain, m, new float[] {-1}, "x", Mode.FAST);
    assertThat(tier.gets).as("one probe").hasValue(getsWhenProbed + 1);
    for (int i = 0; i < 5; i++) {
      predict(chain, m, new float[] {-2 - i}, "x", Mode.FAST);
    }
    assertThat(tier.gets).as("down again after a failed probe").hasValue(getsWhenProbed + 1);

    // a probe that succeeds closes the breaker: every miss asks the tier again
    tier.failing = false;
    now.addAndGet(Duration.ofSeconds(6).toNanos());
    for (int i = 0; i < 3; i++) {
      predict(chain, m, new float[] {-10 - i}, "x", Mode.FAST);
    }
    assertThat(tier.gets).as("up again").hasValue(getsWhenProbed + 4);
    assertThat(engines.get(0).sharedTierStatus()).isEqualTo(SharedTierStatus.UP);
  }

  @Test
  void anEngineWithNoSharedCacheReportsNoTier() throws Throwable {
    Decor engine = engine();
    Chain chain = engine.chain(PREDICT, CachedSpec.of(16, "", ""));
    predict(chain, new Model("m@1"), new float[] {1}, "x", Mode.FAST);
    assertThat(engine.sharedTierStatus()).isEqualTo(SharedTierStatus.NONE);
  }

  @Test
  void aFailingTierNeverFailsACallAndIsCountedInMetrics() throws Throwable {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Decor engine = engine(b -> b.meterRegistry(registry));
    Chain chain = engine.chain(PREDICT, shared());
    tier.failing = true;
    Model m = new Model("m@1");
    for (int i = 0; i < 10; i++) {
      assertThat(predict(chain, m, new float[] {i}, "x", Mode.FAST).label()).isEqualTo("x:1");
    }
    assertThat(m.calls).hasValue(10);
    // Lookups fail on the caller's watch, writes in the background: count them once they have.
    Await.until("the tier's failures counted", Duration.ofSeconds(10),
        () -> registry.get("decor.cache.shared.errors").tag("name", name).tag("kind", "failure")
            .counter().count() >= SharedTierClient.FAILURES_TO_OPEN);
    assertThat(registry.get("decor.cache.shared.errors").tag("name", name).tag("kind", "skipped")
        .counter().count()).isPositive();
    assertThat(registry.get("decor.cache.gets").tag("name", name).tag("tier", "local")
        .tag("result", "miss").functionCounter().count()).isEqualTo(10);
  }

  private static ExecutorService threads(boolean virtual, int n) {
    return virtual ? VirtualThreads21.executor() : Executors.newFixedThreadPool(n);
  }

  @ParameterizedTest(name = "virtual threads: {0}")
  @ValueSource(booleans = {false, true})
  void manyThreadsOnAFewKeysAskTheTierOncePerKey(boolean virtual) throws Throwable {
    int keys = 4;
    Chain onA = engine().chain(PREDICT, shared());
    Model a = new Model("m@1");
    for (int k = 0; k < keys; k++) {
      predict(onA, a, new float[] {k}, "x", Mode.FAST);
    }
    awaitWrites(keys);
    tier.delayMillis = 20; // keep each lookup in flight while the other callers of its key arrive
    Chain onB = engine().chain(PREDICT, shared());
    Model b = new Model("m@1");
    int gets = tier.gets.get();
    int callers = virtual ? 1_000 : 16;
    ExecutorService pool = threads(virtual, callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Prediction>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        float key = i % keys;
        results.add(pool.submit(() -> {
          start.await();
          try {
            return predict(onB, b, new float[] {key}, "x", Mode.FAST);
          } catch (Throwable t) {
            throw new AssertionError(t);
          }
        }));
      }
      start.countDown();
      for (int i = 0; i < callers; i++) {
        assertThat(results.get(i).get(30, TimeUnit.SECONDS).scores()).containsExactly(i % keys);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(b.calls).as("no replica-B computation").hasValue(0);
    assertThat(tier.gets.get() - gets).as("one shared lookup per key (single-flight per JVM)")
        .isEqualTo(keys);
    CacheStats stats = engines.get(1).cacheStats(name);
    assertThat(stats.hits()).isEqualTo(callers);
    assertThat(stats.sharedHits()).isEqualTo(keys);
  }

  @Test
  void asyncResultsAreSharedToo() throws Throwable {
    Chain onA = engine().chain(PREDICT_ASYNC, shared());
    Chain onB = engine().chain(PREDICT_ASYNC, shared());
    Model a = new Model("m@1");
    Model b = new Model("m@1");
    CompletableFuture<?> first =
        (CompletableFuture<?>) onA.invoke(a, new Object[] {"q"}, () -> a.predictAsync("q"));
    assertThat(((Prediction) first.get(5, TimeUnit.SECONDS)).label()).isEqualTo("q");
    awaitWrites(1);
    CompletableFuture<?> second =
        (CompletableFuture<?>) onB.invoke(b, new Object[] {"q"}, () -> b.predictAsync("q"));
    assertThat(((Prediction) second.get(5, TimeUnit.SECONDS)).rank()).isEqualTo(1);
    assertThat(b.calls).hasValue(0);
  }

  @Test
  void bytesOfAnotherKeyUnderTheSameDigestReadAsAMiss() throws Throwable {
    Chain onB = engine().chain(PREDICT, shared());
    Model b = new Model("m@1");
    predict(onB, b, new float[] {1f}, "x", Mode.FAST);
    awaitWrites(1);
    Map<String, byte[]> entries = tier.caches.get(name);
    String storeKey = entries.keySet().iterator().next();
    byte[] value = entries.get(storeKey);
    value[value.length > 20 ? 20 : 5] ^= 1; // one bit of the stored key bytes
    engines.get(0).clearCache(name);

    predict(onB, b, new float[] {1f}, "x", Mode.FAST);
    assertThat(b.calls).hasValue(2);
    Await.until("the recomputed value written", Duration.ofSeconds(5), () -> tier.puts.get() >= 2);
    entries.put(storeKey, new byte[] {1, 2, 3}); // not decor's bytes at all
    engines.get(0).clearCache(name);
    predict(onB, b, new float[] {1f}, "x", Mode.FAST);
    assertThat(b.calls).hasValue(3);
    assertThat(engines.get(0).cacheStats(name).sharedErrors()).isPositive();
  }

  @Test
  void sharedMethodsNeedStableKeysANamespaceAndAValueCodec() {
    Decor engine = engine();
    assertThatThrownBy(() -> engine.chain(OPAQUE, shared("-opaque")).invoke(new Model("m"),
        new Object[] {1}, () -> "1"))
        .hasMessageStartingWith("[decor/SharedKey]")
        // the parameter's name when compiled with -parameters, else as the JVM names it
        .hasMessageContaining("parameter '" + OPAQUE.method().getParameters()[0].getName() + "'")
        .hasMessageContaining("type Object");
    assertThatThrownBy(() -> engine.chain(SCORE, shared("-score")).invoke(new Plain(),
        new Object[] {"s"}, () -> "s"))
        .hasMessageStartingWith("[decor/SharedNamespace]").hasMessageContaining("Plain");
    assertThatThrownBy(() -> engine.chain(HANDLE, shared("-handle")).invoke(new Model("m"),
        new Object[] {"s"}, () -> new Handle("s")))
        .hasMessageStartingWith("[decor/SharedValue]").hasMessageContaining("Handle");
    // every call, not only the first: nothing is cached for a method that may not run as declared
    assertThatThrownBy(() -> engine.chain(HANDLE, shared("-handle")).invoke(new Model("m"),
        new Object[] {"s"}, () -> new Handle("s")))
        .hasMessageStartingWith("[decor/SharedValue]");
  }

  @Test
  void aCustomCodecSharesOtherwiseUnsupportedValues() throws Throwable {
    ValueCodec<Handle> codec = new ValueCodec<>() {
      @Override
      public void write(Handle value, DataOutput out) throws IOException {
        out.writeUTF(value.tag);
      }

      @Override
      public Handle read(DataInput in) throws IOException {
        return new Handle(in.readUTF());
      }
    };
    Chain onA = engine(b -> b.valueCodec(Handle.class, codec)).chain(HANDLE, shared());
    Chain onB = engine(b -> b.valueCodec(Handle.class, codec)).chain(HANDLE, shared());
    Model a = new Model("m");
    Model b = new Model("m");
    onA.invoke(a, new Object[] {"h"}, () -> a.handle("h"));
    awaitWrites(1);
    Handle got = (Handle) onB.invoke(b, new Object[] {"h"}, () -> b.handle("h"));
    assertThat(got.tag).isEqualTo("h");
    assertThat(b.calls).hasValue(0);
  }

  @Test
  void configurationSharesByNameAndKeepsUnshareableCachesInProcess() throws Throwable {
    CachedSpec plain = CachedSpec.builder().name(name).build();
    Chain onA = engine(b -> b.shareCaches(name)).chain(PREDICT, plain);
    Chain onB = engine(b -> b.shareCaches(name)).chain(PREDICT, plain);
    Model a = new Model("m");
    Model b = new Model("m");
    predict(onA, a, new float[] {1f}, "x", Mode.FAST);
    awaitWrites(1);
    predict(onB, b, new float[] {1f}, "x", Mode.FAST);
    assertThat(b.calls).hasValue(0);

    // an operator's switch never breaks a method it cannot share: that cache stays in-process
    String other = name + "-opaque";
    Chain opaque = engine(b2 -> b2.shareCaches(other))
        .chain(OPAQUE, CachedSpec.builder().name(other).build());
    Model m = new Model("m");
    assertThat(opaque.invoke(m, new Object[] {1}, () -> m.opaque(1))).isEqualTo("1");
    assertThat(tier.caches).doesNotContainKey(other);
  }

  @Test
  void localCachesWinOverTheAnnotation() throws Throwable {
    Chain chain = engine(b -> b.localCaches(name)).chain(PREDICT, shared());
    Model m = new Model("m");
    predict(chain, m, new float[] {1f}, "x", Mode.FAST);
    predict(chain, m, new float[] {1f}, "x", Mode.FAST);
    assertThat(tier.gets).hasValue(0);
    assertThat(tier.puts).hasValue(0);
    assertThat(engines.get(0).cacheStats(name).hits()).isEqualTo(1);
  }

  @Test
  void withoutATierASharedCacheIsInProcess() throws Throwable {
    Decor engine = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
    engines.add(engine);
    Chain chain = engine.chain(PREDICT, shared());
    Model m = new Model("m");
    predict(chain, m, new float[] {1f}, "x", Mode.FAST);
    predict(chain, m, new float[] {1f}, "x", Mode.FAST);
    assertThat(m.calls).hasValue(1);
    assertThat(engine.cacheStats(name).sharedMisses()).isZero();
  }

  @Test
  void anEmptyNamespaceComputesInProcess() throws Throwable {
    Chain chain = engine().chain(PREDICT, shared());
    Model m = new Model("");
    predict(chain, m, new float[] {1f}, "x", Mode.FAST);
    assertThat(m.calls).hasValue(1);
    assertThat(tier.gets).hasValue(0);
  }


  record Box<T>(T value) {}

  abstract static class GenericParameters {
    abstract String ofString(Box<String> box);

    abstract String ofObject(Box<Object> box);
  }

  record Node(String label, Node next, Node[] children) {}

  abstract static class RecursiveParameters {
    abstract String of(Node node);
  }

  @Test
  void aRecordContainingItselfIsCheckedAsFiniteAsTheProcessorDoes() throws Exception {
    java.lang.reflect.Type node = RecursiveParameters.class
        .getDeclaredMethod("of", Node.class).getGenericParameterTypes()[0];
    assertThat(dev.decor.internal.KeyType.unstable("node", SharedKeys.view(node))).isNull();
  }

  @Test
  void aGenericRecordIsCheckedThroughItsTypeArgumentsAsTheProcessorDoes() throws Exception {
    java.lang.reflect.Type ofString = GenericParameters.class
        .getDeclaredMethod("ofString", Box.class).getGenericParameterTypes()[0];
    java.lang.reflect.Type ofObject = GenericParameters.class
        .getDeclaredMethod("ofObject", Box.class).getGenericParameterTypes()[0];
    assertThat(dev.decor.internal.KeyType.unstable("box", SharedKeys.view(ofString))).isNull();
    assertThat(dev.decor.internal.KeyType.unstable("box", SharedKeys.view(ofObject)))
        .containsExactly("box.value", "Object");
  }

  @Test
  void aSlowOpenNeitherBlocksCallsNorTripsTheBreakerAndEarlyValuesAreWrittenOnceOpen()
      throws Throwable {
    CountDownLatch opening = new CountDownLatch(1);
    tier.heldOpen = opening; // the store opens only when the test says so
    Chain onA = engine(b -> b.sharedTimeout(Duration.ofMillis(20))).chain(PREDICT, shared());
    Model a = new Model("m@1");
    // Every call completes while the open is still held: none waits for it beyond the timeout.
    CompletableFuture<Void> calls = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 5; i++) {
        try {
          predict(onA, a, new float[] {i}, "x", Mode.FAST);
        } catch (Throwable t) {
          throw new AssertionError(t);
        }
      }
    });
    calls.get(30, TimeUnit.SECONDS);
    assertThat(a.calls).hasValue(5);
    assertThat(engines.get(0).cacheStats(name).sharedErrors()).as("not failures").isZero();
    opening.countDown();
    awaitWrites(5); // computed while the store was opening, written once it opened
    Chain onB = engine().chain(PREDICT, shared());
    Model b = new Model("m@1");
    Await.until("B's store open", Duration.ofSeconds(5), () -> {
      try {
        predict(onB, b, new float[] {0}, "x", Mode.FAST);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
      return engines.get(1).cacheStats(name).sharedHits() == 1;
    });
    for (int i = 1; i < 5; i++) {
      predict(onB, b, new float[] {i}, "x", Mode.FAST);
    }
    assertThat(engines.get(1).cacheStats(name).sharedHits()).isEqualTo(5);
  }

  @Test
  void closingAnEngineLetsItsQueuedWritesReachTheTier() throws Throwable {
    Decor engine = Decor.builder().sharedTier(tier).meterRegistry(new SimpleMeterRegistry())
        .sharedTimeout(Duration.ofSeconds(5)).sharedThreads(1).build();
    Chain chain = engine.chain(PREDICT, shared());
    Model m = new Model("m@1");
    predict(chain, m, new float[] {0}, "x", Mode.FAST); // opens the store
    tier.delayMillis = 100; // each write now takes a while: the rest queue behind the first
    for (int i = 1; i <= 5; i++) {
      predict(chain, m, new float[] {i}, "x", Mode.FAST);
    }
    engine.close();
    assertThat(tier.size(name)).isEqualTo(6);
  }

  @Test
  void operatorsSetSharingTimeoutAndRetryIntervalBySystemProperties() throws Throwable {
    Map<String, String> properties = Map.of(
        Decor.SHARED_PROPERTY, " " + name + " , Other.cache",
        Decor.SHARED_TIMEOUT_PROPERTY, "30ms",
        Decor.SHARED_RETRY_AFTER_PROPERTY, "1h");
    AtomicLong now = new AtomicLong();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Decor engine = Decor.builder().configure(properties::get).sharedTier(tier)
        .meterRegistry(registry).nanoTime(now::get).sharedThreads(16).build();
    engines.add(engine);
    Chain chain = engine.chain(PREDICT, CachedSpec.builder().name(name).build()); // shared by name
    Model m = new Model("m@1");
    // Shared by the property: a first miss opens the store and writes there.
    predict(chain, m, new float[] {-100}, "x", Mode.FAST);
    awaitWrites(1);
    tier.delayMillis = 1_000;
    tier.heldWrites = new CountDownLatch(1); // a write succeeding late would close the breaker
    for (int i = 0; i < SharedTierClient.FAILURES_TO_OPEN; i++) {
      long start = System.nanoTime();
      predict(chain, m, new float[] {i}, "x", Mode.FAST);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the timeout")
          .isLessThan(Duration.ofMillis(900));
    }
    assertThat(errors(registry, "timeout")).as("lookups given 30 ms")
        .isEqualTo(SharedTierClient.FAILURES_TO_OPEN);
    double skipped = errors(registry, "skipped");
    now.addAndGet(Duration.ofMinutes(59).toNanos());
    predict(chain, m, new float[] {-1}, "x", Mode.FAST);
    // A lookup would have timed out too: the tier sleeps a second.
    assertThat(errors(registry, "timeout")).as("still skipped within the hour")
        .isEqualTo(SharedTierClient.FAILURES_TO_OPEN);
    assertThat(errors(registry, "skipped")).isGreaterThan(skipped);

    assertThatThrownBy(() -> Decor.builder()
        .configure(Map.of(Decor.SHARED_TIMEOUT_PROPERTY, "soon")::get))
        .hasMessageStartingWith("[decor/Duration] -Ddecor.cache.shared.timeout = \"soon\"");
  }

  /** This test's cache's {@code decor.cache.shared.errors} of {@code kind}. */
  private double errors(SimpleMeterRegistry registry, String kind) {
    return registry.get("decor.cache.shared.errors").tag("name", name).tag("kind", kind)
        .counter().count();
  }

  @Test
  void tierCallsRunWithTheClassLoaderOfTheThreadThatBuiltTheEngine() throws Throwable {
    ClassLoader app = new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader());
    AtomicReference<ClassLoader> seen = new AtomicReference<>();
    SharedTier probing = (cache, ttl) -> {
      seen.set(Thread.currentThread().getContextClassLoader());
      return tier.open(cache, ttl);
    };
    Thread current = Thread.currentThread();
    ClassLoader before = current.getContextClassLoader();
    Decor engine;
    current.setContextClassLoader(app);
    try {
      engine = Decor.builder().sharedTier(probing).meterRegistry(new SimpleMeterRegistry()).build();
    } finally {
      current.setContextClassLoader(before);
    }
    engines.add(engine);
    Thread other = new Thread(() -> {
      try {
        Model m = new Model("m@1");
        predict(engine.chain(PREDICT, shared()), m, new float[] {1}, "x", Mode.FAST);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    });
    other.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    other.start();
    other.join(10_000);
    Await.until("the store opened", Duration.ofSeconds(5), () -> seen.get() != null);
    assertThat(seen.get()).isSameAs(app);
  }
}
