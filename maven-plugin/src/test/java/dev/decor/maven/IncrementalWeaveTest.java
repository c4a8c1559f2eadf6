package dev.decor.maven;

import static dev.decor.maven.Fixtures.all;
import static dev.decor.maven.Fixtures.compile;
import static dev.decor.maven.Fixtures.snapshot;
import static dev.decor.maven.Fixtures.weave;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.maven.Fixtures.Recording;
import dev.decor.maven.IncrementalWeave.Summary;
import dev.decor.maven.Weaver.WeaveException;
import dev.decor.timing.Timings;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * decor:weave's incremental weaving over real javac output, with ajc and decor's aspect: what is
 * handed to the weaver on each build, and that the classes left behind are exactly what one full
 * weave of the same javac output gives.
 */
class IncrementalWeaveTest {
  @TempDir Path dir;

  private Path classes() {
    return dir.resolve("classes");
  }

  private Path work() {
    return dir.resolve("work");
  }

  /** A store (@Timed only: inlined), a stacked chain (a closure class) and a plain class. */
  private static Map<String, String> sources(int version) {
    return Map.of(
        "inc.Store", """
            package inc;
            import dev.decor.Timed;
            public class Store {
              static final int VERSION = %d;
              @Timed public String fetch(String key) { return "v" + VERSION + ":" + key; }
            }
            """.formatted(version),
        "inc.Other", """
            package inc;
            import dev.decor.Retry;
            import dev.decor.Timed;
            public class Other {
              @Timed @Retry(maxAttempts = 2) public int twice(int x) { return 2 * x; }
            }
            """,
        "inc.Plain", """
            package inc;
            public class Plain {
              public int plain() { return 1; }
            }
            """);
  }

  @Test
  void firstBuildWeavesEverySelectedClassAndTheWovenCodeRuns() throws Exception {
    compile(classes(), false, sources(1));
    Recording weaver = new Recording(Fixtures.ajc(work()));

    Summary summary = weave(classes(), work(), all(), weaver);

    assertThat(weaver.calls).containsExactly(
        List.of("inc/Other.class", "inc/Plain.class", "inc/Store.class"));
    assertThat(summary.woven()).hasSize(3);
    assertThat(summary.full()).isTrue();
    assertThat(Fixtures.info(classes(), "inc.Store").methods()).anyMatch(m ->
        m.name().equals("fetch") && m.annotations().containsKey(DecorNames.WOVEN_BY_DECOR));
    assertThat(snapshot(classes()).keySet()).anyMatch(f -> f.startsWith("inc/Other$AjcClosure"));
    long timed = Timings.stats("Store.fetch").count();
    try (URLClassLoader loader = Fixtures.loader(classes())) {
      Object store = loader.loadClass("inc.Store").getConstructor().newInstance();
      assertThat(store.getClass().getMethod("fetch", String.class).invoke(store, "k"))
          .isEqualTo("v1:k");
    }
    assertThat(Timings.stats("Store.fetch").count()).isEqualTo(timed + 1);
  }

  @Test
  void buildWithNoChangeHandsTheWeaverNothingAndTouchesNoFile() throws Exception {
    compile(classes(), false, sources(1));
    Recording weaver = new Recording(Fixtures.ajc(work()));
    weave(classes(), work(), all(), weaver);
    Map<String, byte[]> woven = snapshot(classes());
    Map<String, FileTime> times = new HashMap<>();
    for (String f : woven.keySet()) {
      times.put(f, Files.getLastModifiedTime(classes().resolve(f)));
    }

    Summary again = weave(classes(), work(), all(), weaver);

    assertThat(weaver.calls).hasSize(1);
    assertThat(again.woven()).isEmpty();
    assertThat(again.upToDate()).isEqualTo(3);
    assertThat(again.describe()).contains("3 classes up to date, nothing to weave");
    assertThat(snapshot(classes())).containsExactlyInAnyOrderEntriesOf(woven);
    for (String f : woven.keySet()) {
      assertThat(Files.getLastModifiedTime(classes().resolve(f))).isEqualTo(times.get(f));
    }
  }

  @Test
  void afterJavacRecompilesTheModuleOnlyTheEditedClassIsWoven() throws Exception {
    compile(classes(), false, sources(1));
    Recording weaver = new Recording(Fixtures.ajc(work()));
    weave(classes(), work(), all(), weaver);

    // maven-compiler-plugin recompiles every source when one changed: same bytes for the others.
    compile(classes(), false, sources(2));
    Summary summary = weave(classes(), work(), all(), weaver);

    assertThat(weaver.calls.get(1)).containsExactly("inc/Store.class");
    assertThat(summary.woven()).containsExactly("inc/Store.class");
    assertThat(summary.restored()).isEqualTo(1); // Other: woven bytes and closures copied back
    assertThat(summary.upToDate()).isEqualTo(1); // Plain: the weave left it as javac wrote it
    assertThat(snapshot(classes())).containsExactlyInAnyOrderEntriesOf(fullWeave(sources(2)));
    try (URLClassLoader loader = Fixtures.loader(classes())) {
      Object store = loader.loadClass("inc.Store").getConstructor().newInstance();
      assertThat(store.getClass().getMethod("fetch", String.class).invoke(store, "k"))
          .isEqualTo("v2:k");
    }
  }

  @Test
  void classWhoseSupertypeChangedIsWovenAgainThoughItsOwnBytesDidNot() throws Exception {
    Map<String, String> v1 = Map.of(
        "sup.Base", "package sup; public class Base {}",
        "sup.Sub", """
            package sup;
            public class Sub extends Base {
              @dev.decor.Timed public int work() { return 1; }
            }
            """);
    Map<String, String> v2 = new HashMap<>(v1);
    // A Decorated subclass is a wrapper's receiver: decor's aspect leaves its executions alone.
    v2.put("sup.Base", "package sup; public class Base implements dev.decor.Decorated {}");
    compile(classes(), false, v1);
    Recording weaver = new Recording(Fixtures.ajc(work()));
    weave(classes(), work(), all(), weaver);
    assertThat(aroundBodies(classes())).isPositive();

    compile(classes(), false, v2);
    weave(classes(), work(), all(), weaver);

    assertThat(weaver.calls.get(1)).containsExactly("sup/Base.class", "sup/Sub.class");
    assertThat(aroundBodies(classes())).isZero();
    assertThat(snapshot(classes())).containsExactlyInAnyOrderEntriesOf(fullWeave(v2));
  }

  @Test
  void deletedClassTakesTheFilesItsWeaveAddedWithIt() throws Exception {
    compile(classes(), false, sources(1));
    weave(classes(), work(), all(), Fixtures.ajc(work()));
    Files.delete(classes().resolve("inc/Other.class"));

    Summary summary = weave(classes(), work(), all(), Fixtures.ajc(work()));

    assertThat(summary.removed()).isEqualTo(1);
    assertThat(snapshot(classes()).keySet()).noneMatch(f -> f.startsWith("inc/Other"));
    assertThat(WeaveState.load(work().resolve("state.txt")).entries())
        .doesNotContainKey("inc/Other.class");
  }

  @Test
  void newlyExcludedClassGetsJavacsBytesBack() throws Exception {
    compile(classes(), false, sources(1));
    Map<String, byte[]> javac = snapshot(classes());
    weave(classes(), work(), all(), Fixtures.ajc(work()));

    Recording weaver = new Recording(Fixtures.ajc(work()));
    Summary summary = weave(classes(), work(),
        new PathPatterns(List.of(), List.of("**/Other.class")), weaver);

    assertThat(summary.full()).isTrue(); // new settings: the previous weave is undone first
    assertThat(weaver.calls).containsExactly(List.of("inc/Plain.class", "inc/Store.class"));
    assertThat(snapshot(classes()).keySet()).noneMatch(f -> f.contains("$AjcClosure"));
    assertThat(Files.readAllBytes(classes().resolve("inc/Other.class")))
        .isEqualTo(javac.get("inc/Other.class"));
  }

  @Test
  void lostStateRewovesWovenClassesToTheSameBytes() throws Exception {
    compile(classes(), false, sources(1));
    weave(classes(), work(), all(), Fixtures.ajc(work()));
    Map<String, byte[]> woven = snapshot(classes());
    IncrementalWeave.deleteTree(work()); // e.g. classes woven by aspectj-maven-plugin before

    Summary summary = weave(classes(), work(), all(), Fixtures.ajc(work()));

    assertThat(summary.woven()).hasSize(3);
    assertThat(snapshot(classes())).containsExactlyInAnyOrderEntriesOf(woven);
  }

  @Test
  void failedWeaveLeavesJavacsClassesAndNoRecord() throws Exception {
    compile(classes(), false, sources(1));
    Map<String, byte[]> javac = snapshot(classes());
    Weaver failing = (in, out, cp) -> {
      throw new WeaveException("ajc failed to weave decor's aspect:\nboom", null);
    };

    assertThatThrownBy(() -> weave(classes(), work(), all(), failing))
        .isInstanceOf(WeaveException.class).hasMessageContaining("boom");

    assertThat(snapshot(classes())).containsExactlyInAnyOrderEntriesOf(javac);
    assertThat(work().resolve("state.txt")).doesNotExist();
    assertThat(weave(classes(), work(), all(), Fixtures.ajc(work())).woven()).hasSize(3);
  }

  /** What one weave of {@code sources}' fresh javac output, with no history, leaves. */
  private Map<String, byte[]> fullWeave(Map<String, String> sources) throws Exception {
    Path classes = Files.createTempDirectory(dir, "full");
    Path work = Files.createTempDirectory(dir, "full-work");
    compile(classes, false, sources);
    weave(classes, work, all(), Fixtures.ajc(work));
    return snapshot(classes);
  }

  /** How many around-advice bodies ajc left in the module's classes. */
  private static long aroundBodies(Path classes) throws Exception {
    long n = 0;
    for (String f : ClassIndex.classFiles(classes)) {
      n += ClassInfo.read(Files.readAllBytes(classes.resolve(f))).methods().stream()
          .filter(m -> m.name().contains("aroundBody")).count();
    }
    return n;
  }
}
