package dev.decor.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.CacheConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.decor.cache.SharedTier.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link JCacheTier} on a real Hazelcast cluster: three members in JVMs of their own, two replicas
 * (clients) in this JVM and one in a child JVM. The tests run in order, the destructive ones (a
 * member killed, the cluster frozen, then stopped) last. Numbers measured are printed with a
 * {@code [measured]} prefix.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JCacheTierClusterTest {
  private static HazelcastCluster cluster;
  private static HazelcastInstance clientA;
  private static HazelcastInstance clientB;
  private static JCacheTier replicaA;
  private static JCacheTier replicaB;

  @BeforeAll
  static void startCluster() throws Exception {
    long start = System.nanoTime();
    cluster = HazelcastCluster.start();
    measured("cluster of %d members formed in %d ms", HazelcastCluster.SIZE, millisSince(start));
    clientA = cluster.client("replica-a");
    clientB = cluster.client("replica-b");
    replicaA = JCacheTier.of(cluster.cacheManager(clientA));
    replicaB = JCacheTier.of(cluster.cacheManager(clientB));
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aValueOneReplicaPutsIsReadByAnother() throws Exception {
    long start = System.nanoTime();
    Store a = replicaA.open("embed", null);
    long created = millisSince(start);
    start = System.nanoTime();
    Store b = replicaB.open("embed", null);
    measured("open: %d ms creating the cache, %d ms finding it from another client", created, millisSince(start));

    a.put("k1", bytes("vector of k1"));

    assertThat(b.get("k1")).isEqualTo(bytes("vector of k1"));
    assertThat(b.get("never written")).isNull();
  }

  @Test
  @Order(2)
  void theJCacheCacheIsPrefixedTypedBackedUpAndCounted() throws Exception {
    replicaA.open("named", null).put("k", bytes("v"));

    Cache<String, byte[]> cache =
        cluster.cacheManager(clientB).getCache("decor.named", String.class, byte[].class);
    assertThat(cache).as("the JCache cache decor.named, seen from the other replica").isNotNull();
    assertThat(cache.get("k")).isEqualTo(bytes("v"));
    CacheConfig<?, ?> config = cache.getConfiguration(CacheConfig.class);
    assertThat(config.getBackupCount()).isEqualTo(1);
    assertThat(config.isStatisticsEnabled()).isTrue();
  }

  @Test
  @Order(2)
  void aCacheDeclaredInTheClusterConfigurationIsUsedAsDeclared() throws Exception {
    // Declared untyped, with a bound and no expiry: decor's time to live does not replace it.
    replicaA.open("bounded", Duration.ofMillis(1)).put("k", bytes("v"));
    Thread.sleep(50); // fifty of decor's TTLs pass on the cluster's clock, which no test moves

    assertThat(replicaB.open("bounded", null).get("k")).isEqualTo(bytes("v"));
    Cache<Object, Object> cache = cluster.cacheManager(clientB).getCache("decor.bounded");
    assertThat(cache.getConfiguration(CacheConfig.class).getEvictionConfig().getSize())
        .isEqualTo(HazelcastMember.BOUNDED_SIZE);
  }

  @Test
  @Order(2)
  void closingATierLeavesTheManagerItWasGivenOpen() throws Exception {
    CacheManager manager = cluster.cacheManager(clientA);
    JCacheTier tier = JCacheTier.of(manager);
    tier.open("closing", null).put("k", bytes("v"));

    tier.close();

    assertThat(manager.isClosed()).isFalse();
    assertThat(replicaB.open("closing", null).get("k")).isEqualTo(bytes("v"));
  }

  @Test
  @Order(3)
  void aReplicaInAnotherJvmFindsTheTierByServiceLoaderAndSharesEntries() throws Exception {
    replicaA.open("cross-jvm", null).put("from-parent", bytes("parent's value"));

    try (ChildJvm child = ChildJvm.start("tier-replica", TierReplica.class, cluster.clientJvmOptions(),
        List.of("cross-jvm", "from-parent", "from-child", HexFormat.of().formatHex(bytes("child's value"))))) {
      assertThat(child.awaitLine(l -> l.startsWith("tier="), Duration.ofSeconds(60)))
          .isEqualTo("tier=" + JCacheTier.class.getName());
      assertThat(child.awaitLine(l -> l.startsWith("read="), Duration.ofSeconds(60)))
          .isEqualTo("read=" + HexFormat.of().formatHex(bytes("parent's value")));
      child.awaitLine("written"::equals, Duration.ofSeconds(30));
    }

    assertThat(replicaB.open("cross-jvm", null).get("from-child")).isEqualTo(bytes("child's value"));
  }

  @Test
  @Order(4)
  void entriesExpireAfterTheTimeToLiveOfTheReplicaThatCreatedTheCache() throws Exception {
    Store a = replicaA.open("ttl", Duration.ofMillis(500));
    Store b = replicaB.open("ttl", Duration.ofMillis(500));
    a.put("k", bytes("short-lived"));
    assertThat(b.get("k")).isEqualTo(bytes("short-lived"));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (b.get("k") != null && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(b.get("k")).as("entry 10 s after a 500 ms time to live").isNull();
    assertThat(replicaB.open("ttl", null).get("k")).isNull();
  }

  @Test
  @Order(5)
  void replicasOpeningOneCacheAtTheSameMomentBothSucceedAndShareIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        String name = "race-" + round;
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Store> a = CompletableFuture.supplyAsync(() -> openAfter(together, replicaA, name), pool);
        CompletableFuture<Store> b = CompletableFuture.supplyAsync(() -> openAfter(together, replicaB, name), pool);

        a.get(30, TimeUnit.SECONDS).put("k", bytes(name));
        assertThat(b.get(30, TimeUnit.SECONDS).get("k")).isEqualTo(bytes(name));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(6)
  void getAndPutOverLoopbackTakeMillisecondsNotSeconds() throws Exception {
    Store a = replicaA.open("latency", null);
    Store b = replicaB.open("latency", null);
    byte[] value = new byte[256];
    int n = 2_000;
    long[] puts = new long[n];
    long[] gets = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      a.put("k" + i, value);
      puts[i] = System.nanoTime() - start;
    }
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      assertThat(b.get("k" + i)).isNotNull();
      gets[i] = System.nanoTime() - start;
    }
    measured("put of 256 bytes: p50 %.2f ms, p99 %.2f ms (%d calls, one thread)", pct(puts, 50), pct(puts, 99), n);
    measured("get of 256 bytes: p50 %.2f ms, p99 %.2f ms (%d calls, one thread)", pct(gets, 50), pct(gets, 99), n);
    assertThat(pct(gets, 50)).isLessThan(50.0);
    assertThat(pct(puts, 50)).isLessThan(50.0);
  }

  @Test
  @Order(7)
  void everyEntryWrittenBeforeAMemberIsKilledIsStillReadable() throws Exception {
    Store a = replicaA.open("survivors", null);
    Store b = replicaB.open("survivors", null);
    int n = 1_000;
    for (int i = 0; i < n; i++) {
      a.put("k" + i, bytes("v" + i));
    }

    cluster.kill(0);
    long killed = System.nanoTime();
    long worst = 0;
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      assertThat(b.get("k" + i)).as("entry k%d after a member was killed", i).isEqualTo(bytes("v" + i));
      worst = Math.max(worst, System.nanoTime() - start);
    }
    measured("%d entries read back %d ms after a member was killed (slowest read %d ms)",
        n, millisSince(killed), TimeUnit.NANOSECONDS.toMillis(worst));
    cluster.awaitSize(HazelcastCluster.SIZE - 1);
    a.put("after", bytes("two members left"));
    assertThat(b.get("after")).isEqualTo(bytes("two members left"));
  }

  @Test
  @Order(8)
  @DisabledOnOs(OS.WINDOWS)
  void whenTheMembersStopAnsweringCallsFailWithinTheHeartbeatTimeout() throws Exception {
    Store b = replicaB.open("frozen", null);
    b.put("k", bytes("v"));
    cluster.signalMembers("STOP");
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> b.get("k")).isInstanceOf(RuntimeException.class);
      long getMillis = millisSince(start);
      start = System.nanoTime();
      assertThatThrownBy(() -> b.put("k", bytes("v"))).isInstanceOf(RuntimeException.class);
      long putMillis = millisSince(start);
      measured("members frozen (SIGSTOP): get failed after %d ms, the next put after %d ms", getMillis, putMillis);
      // decor-replica-client.xml drops a silent member after 5 s (the default is 60 s).
      assertThat(getMillis).isLessThan(15_000L);
      assertThat(putMillis).isLessThan(15_000L);
    } finally {
      cluster.signalMembers("CONT");
    }
    long thawed = System.nanoTime();
    awaitAnswers(replicaB);
    measured("members thawed: the client answered again after %d ms", millisSince(thawed));
    assertThat(b.get("k")).isEqualTo(bytes("v"));
  }

  @Test
  @Order(9)
  void whenTheWholeClusterIsDownCallsFailAtOnceInsteadOfHanging() throws Exception {
    // Both clients connected (after the freeze each reconnects on its own time).
    awaitAnswers(replicaA);
    awaitAnswers(replicaB);
    Store a = replicaA.open("down", null);
    Store b = replicaB.open("down", null);
    a.put("k", bytes("v"));
    assertThat(b.get("k")).isEqualTo(bytes("v"));

    cluster.stopMembers();
    long stopped = System.nanoTime();
    List<Long> failures = new ArrayList<>();
    long firstFailure = -1;
    while (millisSince(stopped) < 2_000) {
      long start = System.nanoTime();
      try {
        b.get("k");
        a.put("k", bytes("v"));
      } catch (RuntimeException down) {
        failures.add(millisSince(start));
        if (firstFailure < 0) {
          firstFailure = millisSince(stopped);
        }
      }
      Thread.sleep(20);
    }
    long slowest = failures.stream().mapToLong(Long::longValue).max().orElse(-1);
    measured("cluster stopped: first failure %d ms after the stop, %d failed calls, slowest failure %d ms",
        firstFailure, failures.size(), slowest);
    assertThat(failures).as("calls that failed in the 2 s after the stop").hasSizeGreaterThan(10);
    assertThat(firstFailure).isLessThan(1_000);
    assertThat(slowest).isLessThan(3_000);
  }

  /** Waits (at most 60 s) until {@code tier} answers again: its client reconnects in the background. */
  private static void awaitAnswers(JCacheTier tier) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        tier.open("probe", null).get("any");
        return;
      } catch (Exception stillDown) {
        if (System.nanoTime() > deadline) {
          throw stillDown;
        }
        Thread.sleep(100);
      }
    }
  }

  private static Store openAfter(CyclicBarrier together, JCacheTier tier, String name) {
    try {
      together.await(30, TimeUnit.SECONDS);
      return tier.open(name, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static double pct(long[] nanos, int percentile) {
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  static void measured(String format, Object... args) {
    System.out.println("[measured] " + String.format(format, args));
  }
}
