package dev.decor.engine;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.fixtures.CountingEmbedder;
import dev.decor.spec.CachedSpec;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JDK 23+ prints a deprecation warning the first time anything calls {@code sun.misc.Unsafe}'s
 * memory access methods. {@code @Cached} keys (strings, arrays, buffers) must not trigger it: the
 * test runs {@link Probe} in a fresh JVM with the engine's class path and reads its stderr.
 */
class NoUnsafeWarningTest {
  /** Calls a {@code @Cached} method with every kind of key, then prints "ok". */
  static final class Probe {
    public static void main(String[] args) throws Throwable {
      Chain chain = Chains.of(MethodKey.of(CountingEmbedder.class, "describe", Object.class),
          CachedSpec.of(100, "", "NoUnsafeWarningTest"));
      CountingEmbedder embedder = new CountingEmbedder();
      Object[] keys = {"a String", 42, new byte[100_000], new float[10_000], new double[3],
          new long[5_000], new int[] {1}, new char[] {'c'}, new short[] {1}, new boolean[] {true},
          new Object[] {new float[] {1f}, "x"}, ByteBuffer.allocateDirect(20_000),
          ByteBuffer.wrap(new byte[] {1, 2})};
      for (Object key : keys) {
        chain.invoke(embedder, new Object[] {key}, () -> embedder.describe(key));
        chain.invoke(embedder, new Object[] {key}, () -> embedder.describe(key));
      }
      System.out.println("ok " + embedder.calls());
    }
  }

  @Test
  void cachedKeysPrintNoSunMiscUnsafeWarningOnJdk23AndLater() throws Exception {
    assumeTrue(Runtime.version().feature() >= 23, "the warning exists on JDK 23+ only");
    ChildJvm.Run run = ChildJvm.run(Probe.class, Map.of());
    assertThat(run.exit()).as("probe exit; stderr: %s", run.err()).isZero();
    assertThat(run.out()).startsWith("ok 13");
    assertThat(run.err()).doesNotContain("sun.misc.Unsafe");
  }
}
