package dev.decor.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.decor.CacheNamespace;
import dev.decor.Cached;
import dev.decor.cache.SharedTierStatus;
import dev.decor.engine.Decor;
import dev.decor.jcache.JCacheTier;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The context's JCache {@code CacheManager} — here a real embedded Hazelcast member on 127.0.0.1 —
 * holds the engine's shared caches; {@code decor.cache.shared} in the application's properties
 * shares one.
 */
class JCacheSharedTierTest {
  private static HazelcastInstance member;
  private static CacheManager manager;

  @BeforeAll
  static void startMember() {
    Config config = new Config().setClusterName("decor-starter-" + UUID.randomUUID())
        .setInstanceName("decor-starter-test");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.partition.count", "7");
    config.getJetConfig().setEnabled(false);
    NetworkConfig network = config.getNetworkConfig().setPort(0).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    member = Hazelcast.newHazelcastInstance(config);
    manager = Caching.getCachingProvider("com.hazelcast.cache.HazelcastMemberCachingProvider")
        .getCacheManager(null, null, HazelcastCachingProvider.propertiesByInstanceItself(member));
  }

  @AfterAll
  static void stopMember() {
    manager.close();
    member.shutdown();
  }

  /** A cached bean whose entries any replica serving the same namespace may share. */
  public static class SharedGreeter implements CacheNamespace {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public String cacheNamespace() {
      return "greeter@1";
    }

    @Cached(maxSize = 16)
    public String greet(String name) {
      return "hello " + name + " #" + calls.incrementAndGet();
    }
  }

  @Test
  void sharedCachesLiveInTheContextsCacheManager() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DecorAutoConfiguration.class))
        .withBean(CacheManager.class, () -> manager)
        .withPropertyValues("decor.cache.shared=SharedGreeter.greet")
        .run(context -> {
          Decor engine = context.getBean(Decor.class);
          SharedGreeter greeter = new DecoratedJCacheSharedTierTest_SharedGreeter();
          assertThat(greeter.greet("ada")).isEqualTo("hello ada #1");

          assertThat(engine.sharedTierStatus()).isEqualTo(SharedTierStatus.UP);
          javax.cache.Cache<String, byte[]> entries = manager.getCache(
              JCacheTier.CACHE_PREFIX + "SharedGreeter.greet");
          assertThat(entries).isNotNull();
          Await.until(() -> entries.iterator().hasNext());

          engine.clearCache("SharedGreeter.greet");   // the local tier only: the member answers
          assertThat(greeter.greet("ada")).isEqualTo("hello ada #1");
          assertThat(engine.cacheStats("SharedGreeter.greet").sharedHits()).isOne();
        });
  }
}
