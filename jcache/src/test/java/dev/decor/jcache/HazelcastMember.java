package dev.decor.jcache;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.CacheSimpleConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.Arrays;

/**
 * One Hazelcast member, run in a JVM of its own by {@link HazelcastCluster}: loopback only, TCP-IP
 * join to the given ports, multicast and Jet off. Prints {@code members=N} whenever the member
 * list changes and exits when the test JVM ends.
 *
 * <p>Arguments: cluster name, own port, comma-separated ports of all members.
 */
public final class HazelcastMember {
  /** The entry bound of the cache {@code decor.bounded}, declared in every member's configuration. */
  static final int BOUNDED_SIZE = 500;

  private HazelcastMember() {}

  public static void main(String[] args) throws Exception {
    String clusterName = args[0];
    int port = Integer.parseInt(args[1]);
    String[] ports = args[2].split(",");

    Config config = new Config().setClusterName(clusterName).setInstanceName("member-" + port);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // A test cluster forms in about a second instead of waiting 5 s for latecomers.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "1");
    // A killed member is noticed by its peers within seconds, as in a tuned production cluster.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    // Fewer partitions than the default 271: the same replication and fail-over, less start-up
    // and migration work on a small test machine.
    config.setProperty("hazelcast.partition.count", "31");
    config.getJetConfig().setEnabled(false);
    // As an operator bounds a shared cache: declared in the cluster's configuration, untyped.
    config.addCacheConfig(new CacheSimpleConfig().setName("decor.bounded").setBackupCount(1)
        .setEvictionConfig(new EvictionConfig().setSize(BOUNDED_SIZE)));

    NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(
        Arrays.stream(ports).map(p -> "127.0.0.1:" + p).toList());

    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    member.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        print(event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        print(event.getMembers().size());
      }
    });
    print(member.getCluster().getMembers().size());

    ChildJvm.exitWithParent();
  }

  private static synchronized void print(int members) {
    System.out.println("members=" + members);
    System.out.flush();
  }
}
