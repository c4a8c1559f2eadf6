package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.CachedSpec;
import dev.decor.internal.Messages;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What decor and its libraries log, read from the standard error of a fresh JVM (slf4j-simple
 * writes there): in this one, logging is shared by every test running in parallel, and a JVM's
 * exit is part of what is tested.
 */
class EngineWarningsTest {
  /** Two engines built without a MeterRegistry, each caching one method, then "ok". */
  static final class TwoEngines {
    public static void main(String[] args) throws Throwable {
      MethodKey key = MethodKey.of(CountingEmbedder.class, "describe", Object.class);
      CountingEmbedder embedder = new CountingEmbedder();
      for (int i = 0; i < 2; i++) {
        Chain chain = Decor.builder().build().chain(key, CachedSpec.of(10, "", "Probe.describe"));
        chain.invoke(embedder, new Object[] {"x"}, () -> embedder.describe("x"));
      }
      System.out.println("ok " + embedder.calls());
    }
  }

  @Test
  void twoEnginesOnTheGlobalMeterRegistryRegisterTheirCacheMetersWithoutAWarning()
      throws Exception {
    Run run = run(TwoEngines.class);
    assertThat(run.out()).startsWith("ok 2");
    assertThat(run.err()).doesNotContain("WARN").doesNotContain("already registered");
  }

  /**
   * An engine whose configuration names a cache that does not exist (a typo) beside one that
   * does, closed twice: the warning comes once, at the first close, naming only the unknown.
   */
  static final class UnknownNamesAtClose {
    public static void main(String[] args) throws Throwable {
      Decor engine = Decor.builder().shareCaches("Probe.describe", "Probe.descrbie")
          .localCaches("Probe.nothng").build();
      Chain chain = engine.chain(MethodKey.of(CountingEmbedder.class, "describe", Object.class),
          CachedSpec.of(10, "", "Probe.describe"));
      CountingEmbedder embedder = new CountingEmbedder();
      chain.invoke(embedder, new Object[] {"x"}, () -> embedder.describe("x"));
      System.out.println("unknown " + engine.unknownCacheNames());
      engine.close();
      engine.close();
    }
  }

  /** The global engine, configured by -Ddecor.cache.shared with a typo; the JVM just exits. */
  static final class UnknownNamesAtExit {
    public static void main(String[] args) throws Throwable {
      Chain chain = Chains.of(MethodKey.of(CountingEmbedder.class, "describe", Object.class),
          CachedSpec.of(10, "", "Probe.describe"));
      CountingEmbedder embedder = new CountingEmbedder();
      chain.invoke(embedder, new Object[] {"x"}, () -> embedder.describe("x"));
      System.out.println("ok");
    }
  }

  @Test
  void closingAnEngineWarnsOnceAboutConfiguredCacheNamesNoCacheHas() throws Exception {
    Run run = run(UnknownNamesAtClose.class);
    assertThat(run.out()).startsWith("unknown [Probe.descrbie, Probe.nothng]");
    String warning = Messages.unknownCacheNames("[Probe.descrbie, Probe.nothng]");
    assertThat(run.err()).contains("WARN dev.decor.Cached - " + warning);
    assertThat(run.err().split(java.util.regex.Pattern.quote(warning), -1)).hasSize(2);
  }

  @Test
  void theGlobalEngineWarnsAtExitAboutCacheNamesFromSystemPropertiesThatNoCacheHas()
      throws Exception {
    Run run = run(UnknownNamesAtExit.class,
        "-D" + Decor.SHARED_PROPERTY + "=Probe.describe,Probe.descrbie");
    assertThat(run.out()).startsWith("ok");
    assertThat(run.err()).contains(Messages.unknownCacheNames("[Probe.descrbie]"));
  }

  private record Run(String out, String err) {}

  /** Runs {@code main} in a fresh JVM with this test's class path. */
  static Run run(Class<?> main, String... jvmOptions) throws Exception {
    Path err = Files.createTempFile("decor-probe", ".err");
    Path out = Files.createTempFile("decor-probe", ".out");
    try {
      List<String> command = new ArrayList<>(List.of(System.getProperty("java.home")
          + File.separator + "bin" + File.separator + "java"));
      command.addAll(List.of(jvmOptions));
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
      Process p = new ProcessBuilder(command)
          .redirectError(err.toFile())
          .redirectOutput(out.toFile())
          .start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the probe JVM finished").isTrue();
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("probe exit; stderr: %s", stderr).isZero();
      return new Run(Files.readString(out, StandardCharsets.UTF_8), stderr);
    } finally {
      Files.deleteIfExists(err);
      Files.deleteIfExists(out);
    }
  }
}
