package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Outside the API, only what generated code and the aspect call is public: in
 * {@code dev.decor.engine} that is the engine API ({@code Decor}, {@code Decorators},
 * {@code Batcher}) and the surface of docs/processor.md. Every other class of the package (the
 * decorators, caches, keys, registries) stays package-private, and the grad implementation lives
 * package-private in {@code dev.decor.grad}. A new public type here must be added to the docs
 * and to {@link #PUBLIC} on purpose.
 */
class EnginePublicTypesTest {
  /** The accessible types of the package, nested ones with a dot. */
  static final Set<String> PUBLIC = Set.of(
      "Decor", "Decor.Builder", "Decor.Sleeper", "Decor.Scheduler",
      "Decorators", "Decorators.Builder", "Batcher",
      "Chain", "Chains", "MethodKey", "Invocation", "BatchMethod");

  @Test
  void onlyTheEngineApiAndTheGeneratedCodeSurfaceArePublic() throws Exception {
    assertThat(accessibleTypes()).isEqualTo(new TreeSet<>(PUBLIC));
  }

  @Test
  void theDocsNameEveryPublicType() throws IOException {
    String packageDoc = Files.readString(
        Path.of("src", "main", "java", "dev", "decor", "engine", "package-info.java"));
    String processorDoc = Files.readString(Path.of("..", "docs", "processor.md"));
    for (String type : PUBLIC) {
      assertThat(processorDoc).as("docs/processor.md names " + type).contains("`" + type + "`");
      if (!type.contains(".")) {
        assertThat(packageDoc).as("package-info names " + type)
            .contains("{@link dev.decor.engine." + type + "}");
      }
    }
  }

  /** The package's types that code in another package can name: public, and so is every outer type. */
  private static Set<String> accessibleTypes() throws IOException, URISyntaxException,
      ClassNotFoundException {
    Path location = Path.of(Chain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(location)) {
      collect(location, names);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(location)) {
        collect(jar.getPath("/"), names);
      }
    }
    Set<String> accessible = new TreeSet<>();
    for (String binaryName : names) {
      Class<?> type = Class.forName("dev.decor.engine." + binaryName, false,
          EnginePublicTypesTest.class.getClassLoader());
      if (isAccessible(type)) {
        accessible.add(binaryName.replace('$', '.'));
      }
    }
    assertThat(names).as("classes found in " + location).contains("Chain", "Pipeline");
    return accessible;
  }

  private static void collect(Path root, Set<String> names) throws IOException {
    Path dir = root.resolve("dev/decor/engine");
    try (Stream<Path> files = Files.list(dir)) {
      files.map(file -> file.getFileName().toString())
          .filter(file -> file.endsWith(".class") && !file.equals("package-info.class"))
          .map(file -> file.substring(0, file.length() - ".class".length()))
          .forEach(names::add);
    }
  }

  private static boolean isAccessible(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }
}
