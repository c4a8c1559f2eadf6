package dev.decor.engine;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.fixtures.CountingEmbedder;
import dev.decor.spec.CachedSpec;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
    Path err = Files.createTempFile("decor-probe", ".err");
    Path out = Files.createTempFile("decor-probe", ".out");
    try {
      String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
          + "java";
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          Probe.class.getName())
          .redirectError(err.toFile())
          .redirectOutput(out.toFile())
          .start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the probe JVM finished").isTrue();
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("probe exit; stderr: %s", stderr).isZero();
      assertThat(Files.readString(out, StandardCharsets.UTF_8)).startsWith("ok 13");
      assertThat(stderr).doesNotContain("sun.misc.Unsafe");
    } finally {
      Files.deleteIfExists(err);
      Files.deleteIfExists(out);
    }
  }
}
