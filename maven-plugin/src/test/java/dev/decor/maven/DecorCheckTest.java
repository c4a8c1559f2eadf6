package dev.decor.maven;

import static dev.decor.maven.Fixtures.all;
import static dev.decor.maven.Fixtures.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.maven.DecoratedMethod.Link;
import dev.decor.maven.DecoratedMethod.Mode;
import dev.decor.internal.Messages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * decor:check over real javac output — with and without decor's processor, woven by ajc or not:
 * which mode it says decorates each method, and the messages it fails with.
 */
class DecorCheckTest {
  @TempDir Path dir;

  private Path classes() {
    return dir.resolve("classes");
  }

  private static final Map<String, String> SERVICE = Map.of(
      "app.Service", """
          package app;
          import dev.decor.Retry;
          import dev.decor.Timed;
          public class Service {
            @Retry(maxAttempts = 5) @Timed public String fetch(String key) { return key; }
            @Timed public void load(int[] ids, Service other) {}
            public int plain() { return 1; }
          }
          """);

  private DecorCheck check() throws Exception {
    try (ClassIndex index = new ClassIndex(Fixtures.classPath())) {
      return DecorCheck.run(index, List.of(classes()), all());
    }
  }

  private void weave() throws Exception {
    Fixtures.weave(classes(), dir.resolve("work"), all(), Fixtures.ajc(dir.resolve("work")));
  }

  @Test
  void methodsOverriddenByTheGeneratedWrapperAreGenerated() throws Exception {
    compile(classes(), true, SERVICE);

    DecorCheck check = check();

    assertThat(check.errors()).isEmpty();
    assertThat(check.methods()).extracting(DecoratedMethod::display, DecoratedMethod::mode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Service.fetch(String)", Mode.GENERATED),
            org.assertj.core.groups.Tuple.tuple("Service.load(int[], Service)", Mode.GENERATED));
  }

  @Test
  void wovenMethodsAreWovenAndBothModesTogetherAreReportedAsBoth() throws Exception {
    compile(classes(), false, SERVICE);
    weave();
    assertThat(check().methods()).extracting(DecoratedMethod::mode)
        .containsOnly(Mode.WOVEN);

    Path both = dir.resolve("both");
    compile(both, true, SERVICE);
    Fixtures.weave(both, dir.resolve("work-both"), all(), Fixtures.ajc(dir.resolve("work-both")));
    try (ClassIndex index = new ClassIndex(Fixtures.classPath())) {
      DecorCheck check = DecorCheck.run(index, List.of(both), all());
      assertThat(check.errors()).isEmpty();
      assertThat(check.methods()).extracting(DecoratedMethod::mode)
          .containsOnly(Mode.GENERATED_AND_WOVEN);
    }
  }

  @Test
  void methodsNoModeDecoratesFailNamingEachOne() throws Exception {
    compile(classes(), false, SERVICE); // decor-aspectj on the class path, but no weave, no processor

    DecorCheck check = check();

    assertThat(check.errors()).containsExactly(
        Messages.notDecorated("Service.fetch(String), Service.load(int[], Service)"));
    assertThat(check.methods()).extracting(DecoratedMethod::mode).containsOnly(Mode.NONE);
  }

  @Test
  void chainIsInTheEngineOrderWithEveryValue() throws Exception {
    compile(classes(), true, SERVICE);

    DecoratedMethod fetch = check().methods().get(0);

    assertThat(fetch.chain()).extracting(Link::annotation).containsExactly("@Timed", "@Retry");
    assertThat(fetch.chain().get(1).values())
        .containsEntry("maxAttempts", 5) // written
        .containsEntry("delay", "0ms"); // the default
    String json = CheckReport.json(check().methods());
    assertThat(json).contains("\"method\": \"Service.fetch(String)\"", "\"mode\": \"generated\"",
        "\"annotation\": \"@Retry\", \"order\": \"RETRY\"", "\"retryOn\": [\"java.lang.Exception\"]");
    assertThat(CheckReport.table(check().methods()))
        .anyMatch(line -> line.matches("Service\\.fetch\\(String\\)\\s+@Timed > @Retry\\s+generated"));
  }

  @Test
  void invalidValuesFailWithTheProcessorsMessages() throws Exception {
    compile(classes(), false, Map.of(
        "bad.Fatal", "package bad; public class Fatal extends Base {}",
        "bad.Base", "package bad; public class Base extends Error {}",
        "bad.Invalid", """
            package bad;
            import dev.decor.*;
            public class Invalid {
              @Retry(maxAttempts = 0) static int zero() { return 0; }
              @Retry(retryOn = Fatal.class) private int fatal() { return 0; }
              @Retry(retryOn = IllegalStateException.class, ignore = IllegalStateException.class)
              int both() { return 0; }
              @Cached(expireAfterWrite = "soon") int soon() { return 0; }
              @Cached void nothing() {}
              @NoGrad @InferenceMode int grad() { return 0; }
            }
            """));
    weave();

    List<String> errors = check().errors();

    String at = "bad.Invalid.";
    assertThat(errors).containsExactlyInAnyOrder(
        at + "zero(): " + Messages.retryMaxAttempts(0),
        at + "fatal(): " + Messages.retryOnError("bad.Fatal"),
        at + "both(): " + Messages.retryOnAndIgnore("java.lang.IllegalStateException"),
        at + "soon(): " + Messages.badDuration("@Cached(expireAfterWrite)", "soon"),
        at + "nothing(): " + Messages.cachedOnVoid("nothing()"),
        at + "grad(): " + Messages.gradConflict("grad()"));
  }

  @Test
  void interfaceMethodsAreDecoratedOnlyByTheInterfaceWrapper() throws Exception {
    Map<String, String> model = Map.of("ifc.Model", """
        package ifc;
        public interface Model {
          @dev.decor.Timed float[] predict(float[] input);
        }
        """);
    compile(classes(), false, model);
    weave(); // the weaver cannot decorate an abstract method, whatever it marks

    assertThat(check().errors())
        .containsExactly(Messages.notDecorated("Model.predict(float[])"));

    compile(classes(), true, model);
    assertThat(check().methods()).extracting(DecoratedMethod::mode).containsExactly(Mode.GENERATED);
  }

  @Test
  void nestedClassIsCoveredByItsUnderscoreNamedWrapper() throws Exception {
    compile(classes(), true, Map.of("nest.Outer", """
        package nest;
        public class Outer {
          public static class Inner {
            @dev.decor.Timed public int work() { return 1; }
          }
        }
        """));

    DecorCheck check = check();

    assertThat(Fixtures.info(classes(), "nest.DecoratedOuter_Inner")).isNotNull();
    assertThat(check.errors()).isEmpty();
    assertThat(check.methods()).extracting(DecoratedMethod::display, DecoratedMethod::mode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Inner.work()", Mode.GENERATED));
  }
}
