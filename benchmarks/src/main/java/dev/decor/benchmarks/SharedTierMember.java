package dev.decor.benchmarks;

import com.hazelcast.config.CacheSimpleConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;

/**
 * The Hazelcast member {@link SharedTierBench} runs in a JVM of its own: loopback only, TCP-IP
 * join, multicast and Jet off, backup count 1 for decor's caches. Prints {@code ready} when it has
 * started and exits when its standard input closes (the benchmark JVM ended).
 *
 * <p>Arguments: cluster name, port.
 */
public final class SharedTierMember {
  private SharedTierMember() {}

  public static void main(String[] args) throws Exception {
    Config config = new Config().setClusterName(args[0]);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.getJetConfig().setEnabled(false);
    config.addCacheConfig(new CacheSimpleConfig().setName("decor.*").setBackupCount(1));
    NetworkConfig network = config.getNetworkConfig()
        .setPort(Integer.parseInt(args[1])).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + args[1]);
    Hazelcast.newHazelcastInstance(config);
    System.out.println("ready");
    System.out.flush();
    while (System.in.read() >= 0) {
      // nothing is sent: wait for the end of the stream
    }
    System.exit(0);
  }
}
