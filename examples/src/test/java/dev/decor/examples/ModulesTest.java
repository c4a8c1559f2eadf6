package dev.decor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * decor's published jars as a user's build sees them: no package in two of them (the module
 * system rejects split packages) and, once packaged, each resolves as a named module.
 */
class ModulesTest {
  /** A class from each published decor artifact this module depends on. */
  private static final List<String> ONE_CLASS_EACH = List.of(
      "dev.decor.Timed",                       // decor-annotations
      "dev.decor.engine.Decor",                // decor-engine
      "dev.decor.aspect.Weaving",              // decor-aspectj
      "dev.decor.djl.DjlPyTorchGradBackend",   // decor-djl
      "dev.decor.processor.DecorProcessor");   // decor-processor (provided)

  @Test
  void noPackageIsSplitAcrossDecorArtifacts() throws Exception {
    Map<String, Path> ownerOf = new HashMap<>();
    for (Path artifact : artifacts()) {
      for (String pkg : packagesOf(artifact)) {
        Path other = ownerOf.putIfAbsent(pkg, artifact);
        assertThat(other).as("package %s is in %s and %s", pkg, other, artifact).isNull();
      }
    }
    assertThat(ownerOf).containsKeys("dev.decor", "dev.decor.spec", "dev.decor.engine",
        "dev.decor.grad", "dev.decor.aspect", "dev.decor.djl", "dev.decor.processor");
  }

  @Test
  void packagedJarsResolveAsNamedModules() throws Exception {
    List<Path> artifacts = artifacts();
    if (!artifacts.stream().allMatch(p -> p.toString().endsWith(".jar"))) {
      return; // `mvn test` sees other modules' classes folders; `mvn verify` sees their jars
    }
    ModuleFinder finder = ModuleFinder.of(artifacts.toArray(new Path[0]));
    Set<String> names = finder.findAll().stream()
        .map(ModuleReference::descriptor).map(d -> d.name()).collect(Collectors.toSet());
    assertThat(names).contains("dev.decor.annotations", "dev.decor.engine", "dev.decor.aspectj",
        "dev.decor.djl", "dev.decor.processor");
    // Resolution fails if two modules contain the same package.
    Configuration resolved = Configuration.resolve(finder,
        List.of(ModuleLayer.boot().configuration()), ModuleFinder.of(), names);
    assertThat(resolved.modules()).hasSize(names.size());
  }

  private static List<Path> artifacts() throws ClassNotFoundException, URISyntaxException {
    List<Path> paths = new ArrayList<>();
    for (String name : ONE_CLASS_EACH) {
      paths.add(Path.of(Class.forName(name).getProtectionDomain().getCodeSource().getLocation()
          .toURI()));
    }
    return paths;
  }

  private static Set<String> packagesOf(Path artifact) throws IOException {
    try (FileSystem jar = Files.isDirectory(artifact) ? null : FileSystems.newFileSystem(artifact)) {
      Path root = jar == null ? artifact : jar.getPath("/");
      try (Stream<Path> files = Files.walk(root)) {
        return files.filter(f -> f.toString().endsWith(".class"))
            .map(f -> root.relativize(f.getParent()).toString().replace('/', '.'))
            .filter(p -> !p.isEmpty() && !p.startsWith("META-INF"))
            .collect(Collectors.toCollection(TreeSet::new));
      }
    }
  }
}
