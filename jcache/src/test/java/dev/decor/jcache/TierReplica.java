package dev.decor.jcache;

import dev.decor.cache.SharedTier;
import java.util.HexFormat;
import java.util.ServiceLoader;

/**
 * A replica in a JVM of its own that finds its shared tier as decor does with no tier configured
 * ({@code ServiceLoader}, then JCache's default provider and manager, here a Hazelcast client set
 * up by system properties). Reads one key, writes another, prints both.
 *
 * <p>Arguments: cache name, key to read, key to write, value to write (hex).
 */
public final class TierReplica {
  private TierReplica() {}

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWithParent();
    try (SharedTier tier = ServiceLoader.load(SharedTier.class).findFirst().orElseThrow()) {
      System.out.println("tier=" + tier.getClass().getName());
      SharedTier.Store store = tier.open(args[0], null);
      byte[] read = store.get(args[1]);
      System.out.println("read=" + (read == null ? "null" : HexFormat.of().formatHex(read)));
      store.put(args[2], HexFormat.of().parseHex(args[3]));
      System.out.println("written");
    }
    System.exit(0);
  }
}
