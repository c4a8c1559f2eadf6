package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.tools.JavaFileObject;

/**
 * Expected generated sources under {@code src/test/resources/goldens/<Test>/<method>/<fqcn>.java},
 * compared by syntax tree (formatting and comments aside). A missing golden fails with the path
 * to create; run with {@code -Ddecor.writeGoldens=true} to write the current output there.
 */
final class GoldenFiles {
  private static final Path ROOT = Paths.get("src", "test", "resources", "goldens");

  private GoldenFiles() {}

  static void assertGenerated(Compilation compilation, String test, String method, String fqcn) {
    Path relative = Paths.get(test, method, fqcn + ".java");
    Path path = ROOT.resolve(relative);
    assertThat(compilation).succeededWithoutWarnings();
    String actual = generatedSource(compilation, fqcn);
    if (!Files.exists(path)) {
      if (Boolean.getBoolean("decor.writeGoldens")) {
        write(path, actual);
      } else {
        fail("Missing golden file " + path.toAbsolutePath() + "; create it (or run with"
            + " -Ddecor.writeGoldens=true) with the generated source:\n" + actual);
      }
    }
    JavaFileObject expected;
    try {
      expected = JavaFileObjects.forSourceString(fqcn, Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(compilation).generatedSourceFile(fqcn).hasSourceEquivalentTo(expected);
  }

  private static String generatedSource(Compilation compilation, String fqcn) {
    try {
      return compilation.generatedSourceFile(fqcn)
          .orElseThrow(() -> new AssertionError("No generated source " + fqcn))
          .getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path path, String content) {
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
