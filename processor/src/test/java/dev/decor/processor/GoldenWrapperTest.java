package dev.decor.processor;

import static dev.decor.processor.Compilations.compile;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Generated wrappers for representative sources, against reviewed golden files. */
class GoldenWrapperTest {

  private static void assertGolden(TestInfo info, JavaFileObject source, String... wrappers) {
    String method = info.getTestMethod().orElseThrow().getName();
    var compilation = compile(source);
    for (String wrapper : wrappers) {
      GoldenFiles.assertGenerated(compilation, "GoldenWrapperTest", method, wrapper);
    }
  }

  @Test
  void subclassWrapper(TestInfo info) {
    assertGolden(info, Samples.SERVICE, "p.DecoratedEmbeddingService");
  }

  @Test
  void interfaceWrapper(TestInfo info) {
    assertGolden(info, Samples.MODEL, "p.DecoratedModel");
  }

  @Test
  void genericsVarargsAndExceptions(TestInfo info) {
    assertGolden(info, Samples.GENERICS, "p.DecoratedRepository");
  }

  @Test
  void nestedTypes(TestInfo info) {
    assertGolden(info, Samples.NESTED, "p.DecoratedOuter_Inner", "p.DecoratedOuter_Lookup");
  }

  @Test
  void overloads(TestInfo info) {
    assertGolden(info, Samples.OVERLOADS, "p.DecoratedScorer");
  }

  @Test
  void fastPaths(TestInfo info) {
    assertGolden(info, Samples.FAST_PATHS, "p.DecoratedEncoder");
  }

  @Test
  void judgedRetry(TestInfo info) {
    assertGolden(info, Samples.JUDGED_RETRY, "p.DecoratedPoller");
  }
}
