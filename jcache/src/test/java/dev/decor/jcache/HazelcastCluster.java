package dev.decor.jcache;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.cache.HazelcastClientCachingProvider;
import com.hazelcast.client.config.ClientClasspathXmlConfig;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.cache.CacheManager;

/**
 * A real Hazelcast cluster for tests: members in JVMs of their own on 127.0.0.1 (free ports chosen
 * now, TCP-IP join, a cluster name of their own), and clients in this JVM configured as a decor
 * replica should be. Closing it stops every member and client, bounded in time.
 */
final class HazelcastCluster implements AutoCloseable {
  /** The client configuration every replica in the tests uses (test resources). */
  static final String CLIENT_CONFIG = "decor-replica-client.xml";
  /** Members: one can die with backup count 1 and the other two still hold every entry. */
  static final int SIZE = 3;
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** Small, quick-starting member JVMs: the build machine runs three next to the tests. */
  private static final List<String> MEMBER_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Dhazelcast.logging.type=none");

  private final String name = "decor-test-" + UUID.randomUUID();
  private final List<Integer> ports;
  private final List<ChildJvm> members = new ArrayList<>();
  private final List<HazelcastInstance> clients = new CopyOnWriteArrayList<>();
  private final Map<HazelcastInstance, CacheManager> managers = new ConcurrentHashMap<>();

  private HazelcastCluster(List<Integer> ports) {
    this.ports = ports;
  }

  /** Starts {@value #SIZE} members and waits until each sees all the others. */
  static HazelcastCluster start() throws Exception {
    HazelcastCluster cluster = new HazelcastCluster(freePorts(SIZE));
    try {
      String all = cluster.ports.stream().map(String::valueOf).collect(Collectors.joining(","));
      for (int port : cluster.ports) {
        cluster.members.add(ChildJvm.start("member-" + port, HazelcastMember.class,
            MEMBER_JVM,
            List.of(cluster.name, String.valueOf(port), all)));
      }
      cluster.awaitSize(SIZE);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Waits until every live member counts {@code size} members. */
  void awaitSize(int size) throws InterruptedException, TimeoutException {
    for (ChildJvm member : members) {
      if (member.isAlive()) {
        member.awaitLast("members=", "members=" + size, START_TIMEOUT);
      }
    }
  }

  /** Kills member {@code index} as a crash would: no graceful migration of its partitions. */
  void kill(int index) throws InterruptedException {
    members.get(index).kill();
  }

  /** Stops every member at once; clients stay, disconnected. */
  void stopMembers() throws InterruptedException {
    for (ChildJvm member : members) {
      member.kill();
    }
  }

  /** Freezes (SIGSTOP) or thaws (SIGCONT) every live member: a cluster that accepts and never answers. */
  void signalMembers(String signal) throws IOException, InterruptedException {
    for (ChildJvm member : members) {
      if (member.isAlive()) {
        member.signal(signal);
      }
    }
  }

  /**
   * The system properties {@value #CLIENT_CONFIG} reads: this cluster's name and members. A child
   * JVM gets them as {@code -D} options ({@link #clientJvmOptions}).
   */
  Properties clientProperties() {
    Properties properties = new Properties();
    properties.setProperty("decor.test.cluster", name);
    for (int i = 0; i < ports.size(); i++) {
      properties.setProperty("decor.test.member." + i, "127.0.0.1:" + ports.get(i));
    }
    return properties;
  }

  /** Options for a replica in a child JVM: JCache's default manager is a client of this cluster. */
  List<String> clientJvmOptions() {
    List<String> options = new ArrayList<>(List.of(
        "-Dhazelcast.client.config=classpath:" + CLIENT_CONFIG,
        "-Dhazelcast.jcache.provider.type=client",
        "-Dhazelcast.logging.type=none"));
    clientProperties().forEach((key, value) -> options.add("-D" + key + "=" + value));
    return options;
  }

  /** A client of this cluster in this JVM, configured by {@value #CLIENT_CONFIG}. */
  HazelcastInstance client(String instanceName) {
    ClientConfig config = new ClientClasspathXmlConfig(CLIENT_CONFIG, clientProperties());
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config.setInstanceName(instanceName));
    clients.add(client);
    return client;
  }

  /**
   * The JCache manager of {@code client}, one per client (a client's caches belong to one
   * manager): what a replica hands to {@link JCacheTier#of}.
   */
  CacheManager cacheManager(HazelcastInstance client) {
    // Default URI and class loader (nulls): Hazelcast prefixes cache names with any other URI or
    // class loader, and replicas would no longer share. A provider of its own per client, since a
    // provider keeps one manager per URI and class loader (a replica has only one client).
    return managers.computeIfAbsent(client, c -> new HazelcastClientCachingProvider().getCacheManager(
        null, null, HazelcastCachingProvider.propertiesByInstanceItself(c)));
  }

  @Override
  public void close() throws InterruptedException {
    for (HazelcastInstance client : clients) {
      try {
        client.getLifecycleService().terminate();
      } catch (RuntimeException alreadyDown) {
        // Nothing left to stop.
      }
    }
    for (ChildJvm member : members) {
      member.close();
    }
  }

  private static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
