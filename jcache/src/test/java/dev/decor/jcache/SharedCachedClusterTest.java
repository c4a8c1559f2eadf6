package dev.decor.jcache;

import static dev.decor.jcache.JCacheTierClusterTest.measured;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.decor.cache.CacheStats;
import dev.decor.engine.internal.Chain;
import dev.decor.engine.Decor;
import dev.decor.spec.CachedSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code @Cached(shared = true)} end to end: decor engines as replicas, each with a {@link
 * JCacheTier} on its own Hazelcast client, on a real three-member cluster in JVMs of their own,
 * and one replica in a child JVM set up by system properties only. In order, the destructive tests
 * (a member killed, the cluster frozen, then stopped) last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedCachedClusterTest {
  /** Long enough that a loaded build machine never turns a shared hit into a timeout. */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static HazelcastCluster cluster;
  private static HazelcastInstance clientA;
  private static HazelcastInstance clientB;
  private final List<Decor> engines = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = HazelcastCluster.start();
    clientA = cluster.client("replica-a");
    clientB = cluster.client("replica-b");
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void closeEngines() {
    engines.forEach(Decor::close);
  }

  /** A replica: an engine of its own whose shared tier is JCache on {@code client}. */
  private Replica replica(HazelcastInstance client) {
    return replica(client, TIMEOUT);
  }

  /** A replica whose engine waits at most {@code sharedTimeout} for the tier. */
  private Replica replica(HazelcastInstance client, Duration sharedTimeout) {
    KeyRecordingTier tier = new KeyRecordingTier(JCacheTier.of(cluster.cacheManager(client)));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // A tier that failed is tried again after 30 s: not within a test.
    Decor engine = Decor.builder().sharedTier(tier).meterRegistry(registry)
        .sharedTimeout(sharedTimeout).sharedRetryAfter(Duration.ofSeconds(30)).build();
    engines.add(engine);
    return new Replica(engine, tier, registry, new Embedder());
  }

  private record Replica(Decor engine, KeyRecordingTier tier, SimpleMeterRegistry registry, Embedder embedder) {
    Chain chain(String cache) {
      return engine.chain(Embedder.EMBED, CachedSpec.builder().name(cache).maxSize(10_000).shared(true).build());
    }
  }

  @Test
  @Order(1)
  void replicaBGetsWhatReplicaAComputedWithoutComputingUnderTheSameKey() throws Throwable {
    Replica a = replica(clientA);
    Replica b = replica(clientB);
    Chain onA = a.chain("embed");
    Chain onB = b.chain("embed");

    assertThat(a.embedder().embedThrough(onA, "hello")).containsExactly(Embedder.expected("hello"));
    awaitTrue("A's write of 'hello'", () -> a.tier().written.size() == 1);
    float[] shared = b.embedder().embedThrough(onB, "hello");

    assertThat(shared).containsExactly(Embedder.expected("hello"));
    assertThat(a.embedder().computed()).isEqualTo(1);
    assertThat(b.embedder().computed()).as("B computed").isZero();
    assertThat(b.tier().read).containsExactly(a.tier().written.get(0));
    CacheStats stats = b.engine().cacheStats("embed");
    assertThat(stats.sharedHits()).isEqualTo(1);
    assertThat(stats.misses()).isZero();
    assertThat(stats.sharedErrors()).isZero();
  }

  @Test
  @Order(2)
  void aReplicaInAnotherJvmSharedByConfigurationOnlyUsesTheSameKeyBytes() throws Throwable {
    Replica a = replica(clientA);
    Chain onA = a.chain("cross-jvm");
    a.embedder().embedThrough(onA, "from the test JVM");
    awaitTrue("A's write", () -> a.tier().written.size() == 1);
    Cache<Object, Object> cache = cluster.cacheManager(clientB).getCache("decor.cross-jvm");
    Set<Object> before = keys(cache);

    List<String> lines = new ArrayList<>();
    List<String> options = new ArrayList<>(cluster.clientJvmOptions());
    options.add("-Ddecor.cache.shared=cross-jvm");
    try (ChildJvm child = ChildJvm.start("engine-replica", EngineReplica.class, options,
        List.of("cross-jvm", "from the test JVM", "from the child JVM"))) {
      measured("replica in a child JVM, %s", child.awaitLine(l -> l.startsWith("warmed: "), Duration.ofSeconds(60)));
      for (String text : List.of("from the test JVM", "from the child JVM")) {
        lines.add(child.awaitLine(l -> l.startsWith("embedded " + text + " "), Duration.ofSeconds(60)));
      }
      lines.add(child.awaitLine(l -> l.startsWith("written="), Duration.ofSeconds(60)));
    }

    // The child found A's entry: same key bytes there as here. It computed only its warm-up and
    // its own text.
    assertThat(lines.get(0)).isEqualTo("embedded from the test JVM computed=1 "
        + Arrays.toString(Embedder.expected("from the test JVM")));
    assertThat(lines.get(1)).isEqualTo("embedded from the child JVM computed=2 "
        + Arrays.toString(Embedder.expected("from the child JVM")));
    assertThat(lines.get(2)).isEqualTo("written=2");
    Set<Object> childKeys = keys(cache);
    childKeys.removeAll(before);
    assertThat(childKeys).hasSize(2);

    // And the other way: B asks for the child's entry by the key the child wrote, without computing.
    Replica b = replica(clientB);
    assertThat(b.embedder().embedThrough(b.chain("cross-jvm"), "from the child JVM"))
        .containsExactly(Embedder.expected("from the child JVM"));
    assertThat(b.embedder().computed()).isZero();
    assertThat(b.tier().read).hasSize(1);
    assertThat(childKeys).contains(b.tier().read.get(0));
  }

  @Test
  @Order(3)
  void aMemberKilledMidRunLosesNoEntryAndFailsNoCall() throws Throwable {
    Replica a = replica(clientA);
    Replica b = replica(clientB);
    Chain onA = a.chain("survivors");
    Chain onB = b.chain("survivors");
    int n = 200;
    for (int i = 0; i < n; i++) {
      a.embedder().embedThrough(onA, "text " + i);
    }
    awaitTrue("A's writes", () -> a.tier().written.size() == n);

    // B reads what A wrote while A computes more, and a member is killed in the middle.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    AtomicInteger calls = new AtomicInteger();
    try {
      Future<?> reader = pool.submit(() -> callAll(onB, b.embedder(), 0, n, calls));
      Future<?> writer = pool.submit(() -> callAll(onA, a.embedder(), n, 2 * n, calls));
      awaitTrue("calls before the kill", () -> calls.get() >= n / 2);
      cluster.kill(0);
      long killed = System.nanoTime();
      reader.get(60, TimeUnit.SECONDS);
      writer.get(60, TimeUnit.SECONDS);
      measured("member killed mid-run: %d calls, none failed; the run ended %d ms after the kill",
          calls.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
    } finally {
      pool.shutdownNow();
    }

    // A replica that starts now (empty in-process tier) finds every entry written before the kill.
    Replica c = replica(clientB);
    Chain onC = c.chain("survivors");
    for (int i = 0; i < n; i++) {
      assertThat(c.embedder().embedThrough(onC, "text " + i)).containsExactly(Embedder.expected("text " + i));
    }
    assertThat(c.embedder().computed()).as("entries C had to compute").isZero();
    assertThat(c.engine().cacheStats("survivors").sharedHits()).isEqualTo(n);
  }

  @Test
  @Order(4)
  @DisabledOnOs(OS.WINDOWS)
  void aFrozenClusterCostsACallAtMostTheSharedTimeoutThenIsSkipped() throws Throwable {
    Duration timeout = Duration.ofMillis(200);
    Replica a = replica(clientA, timeout);
    Chain onA = a.chain("frozen");
    a.embedder().embedThrough(onA, "warm-up");
    cluster.signalMembers("STOP");
    long[] millis = new long[20];
    try {
      for (int i = 0; i < millis.length; i++) {
        long start = System.nanoTime();
        assertThat(a.embedder().embedThrough(onA, "frozen " + i)).containsExactly(Embedder.expected("frozen " + i));
        millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
    } finally {
      cluster.signalMembers("CONT");
    }
    measured("cluster frozen, sharedTimeout 200 ms: call times %s ms", Arrays.toString(millis));
    assertThat(a.embedder().computed()).isEqualTo(1 + millis.length);
    assertThat(Arrays.stream(millis).max().orElseThrow()).isLessThan(timeout.toMillis() + 1_000);
    // After 3 timeouts the breaker skips the tier: the other calls do not wait for it.
    assertThat(Arrays.stream(millis).filter(t -> t >= timeout.toMillis()).count()).isLessThanOrEqualTo(3);
    assertThat(a.engine().cacheStats("frozen").sharedErrors()).isGreaterThanOrEqualTo(millis.length);
  }

  @Test
  @Order(5)
  void withTheWholeClusterStoppedCallsKeepSucceedingByComputingWithOneWarning() throws Throwable {
    Replica a = replica(clientA);
    Chain onA = a.chain("down");
    awaitTrue("client A connected again after the freeze", () -> answers(clientA));
    a.embedder().embedThrough(onA, "probe");
    awaitTrue("A's write", () -> a.tier().written.size() == 1);
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
    long[] millis = new long[30];
    try {
      cluster.stopMembers();
      for (int i = 0; i < millis.length; i++) {
        long start = System.nanoTime();
        assertThat(a.embedder().embedThrough(onA, "down " + i)).containsExactly(Embedder.expected("down " + i));
        millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
    } finally {
      System.setErr(stderr);
    }
    measured("cluster stopped: call times %s ms", Arrays.toString(millis));
    assertThat(a.embedder().computed()).isEqualTo(1 + millis.length);
    assertThat(Arrays.stream(millis).max().orElseThrow()).isLessThan(TIMEOUT.toMillis() + 1_000);
    String warnings = log.toString(StandardCharsets.UTF_8);
    assertThat(warnings.split("\\[decor/SharedTierDown]", -1)).as("SharedTierDown warnings in " + warnings).hasSize(2);
    assertThat(a.engine().cacheStats("down").sharedErrors()).isPositive();
    double errors = a.registry().find("decor.cache.shared.errors").tag("name", "down").counters().stream()
        .mapToDouble(Counter::count).sum();
    assertThat(errors).isPositive();
  }

  private static void callAll(Chain chain, Embedder embedder, int from, int to, AtomicInteger calls) {
    for (int i = from; i < to; i++) {
      try {
        assertThat(embedder.embedThrough(chain, "text " + i)).containsExactly(Embedder.expected("text " + i));
      } catch (Throwable e) {
        throw new AssertionError("call " + i + " failed", e);
      }
      calls.incrementAndGet();
    }
  }

  private static boolean answers(HazelcastInstance client) {
    try {
      client.getMap("probe").get("any");
      return true;
    } catch (RuntimeException stillDown) {
      return false;
    }
  }

  private static Set<Object> keys(Cache<Object, Object> cache) {
    Set<Object> keys = new HashSet<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    return keys;
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after 30 s waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }

  /** Writes to two streams: the real standard error and a copy the test reads. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream first;
    private final java.io.OutputStream second;

    TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
