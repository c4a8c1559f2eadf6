package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.CachedSpec;
import dev.decor.internal.Messages;
import dev.decor.engine.ChildJvm.Run;
import java.util.Map;
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

  /** Runs {@code main} in a fresh JVM ({@link ChildJvm}), which must exit normally. */
  private static Run run(Class<?> main, String... jvmOptions) throws Exception {
    Run run = ChildJvm.run(main, Map.of(), jvmOptions);
    assertThat(run.exit()).as("probe exit; stderr: %s", run.err()).isZero();
    return run;
  }
}
