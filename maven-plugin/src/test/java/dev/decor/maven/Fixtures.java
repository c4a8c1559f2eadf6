package dev.decor.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.maven.IncrementalWeave.Summary;
import dev.decor.maven.Weaver.WeaveException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apache.maven.plugin.logging.SystemStreamLog;

/**
 * Real inputs for the plugin's tests: sources compiled by javac (with decor's processor when asked),
 * woven by ajc with the real decor-aspectj from the test class path, loaded in a fresh class loader
 * to run.
 */
final class Fixtures {
  private Fixtures() {}

  /** The test JVM's class path: decor's modules, the engine's dependencies, aspectjrt. */
  static List<Path> classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of).toList();
  }

  /** decor-aspectj as the reactor built it (its classes directory or jar). */
  static Path aspectLibrary() {
    try {
      return Path.of(Class.forName("dev.decor.aspect.WovenByDecor").getProtectionDomain()
          .getCodeSource().getLocation().toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Compiles {@code sources} (binary name → source) into {@code out}, overwriting what is there,
   * as javac does; with {@code processor}, decor's processor writes the wrappers too.
   */
  static void compile(Path out, boolean processor, Map<String, String> sources) {
    try {
      Path src = Files.createTempDirectory("decor-src");
      List<File> files = new ArrayList<>();
      for (var s : sources.entrySet()) {
        Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, s.getValue());
        files.add(file.toFile());
      }
      Files.createDirectories(out);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      String cp = System.getProperty("java.class.path");
      List<String> options = new ArrayList<>(List.of("--release", "17", "-d", out.toString(),
          "-classpath", cp, "-s", src.toString()));
      if (processor) {
        options.addAll(List.of("-processorpath", cp, "-processor",
            "dev.decor.processor.DecorProcessor"));
      } else {
        options.add("-proc:none");
      }
      try (StandardJavaFileManager files1 = javac.getStandardFileManager(diagnostics, null, null)) {
        boolean ok = javac.getTask(null, files1, diagnostics, options, null,
            files1.getJavaFileObjectsFromFiles(files)).call();
        assertThat(ok).as("javac: %s", diagnostics.getDiagnostics()).isTrue();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Weaves {@code classes} incrementally with ajc and decor's aspect. */
  static Summary weave(Path classes, Path work, PathPatterns patterns, Weaver weaver)
      throws IOException, WeaveException {
    String fingerprint = new Digests().add(patterns.toString())
        .addClassPath(List.of(aspectLibrary()), Digests.Known.none()).hex();
    return new IncrementalWeave(classes, patterns, work, fingerprint).run(weaver, classPath());
  }

  /** ajc with decor's aspect, logging to the console. */
  static AjcWeaver ajc(Path work) {
    return new AjcWeaver(List.of(aspectLibrary()), work.resolve("xlint.properties"), false,
        new SystemStreamLog());
  }

  static PathPatterns all() {
    return new PathPatterns(List.of(), List.of());
  }

  /** Every class file under {@code classes} with its bytes, by relative path. */
  static Map<String, byte[]> snapshot(Path classes) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    for (String f : ClassIndex.classFiles(classes)) {
      files.put(f, Files.readAllBytes(classes.resolve(f)));
    }
    return files;
  }

  /** A class loader over {@code classes} whose parent holds decor's engine and aspect. */
  static URLClassLoader loader(Path classes) {
    try {
      return new URLClassLoader(new URL[] {classes.toUri().toURL()},
          Fixtures.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The class {@code name} of {@code classes}, read as the plugin reads it. */
  static ClassInfo info(Path classes, String name) throws IOException {
    return ClassInfo.read(Files.readAllBytes(classes.resolve(name.replace('.', '/') + ".class")));
  }

  /** A {@link Weaver} that counts its calls and records the classes it was handed. */
  static final class Recording implements Weaver {
    private final Weaver delegate;
    final List<List<String>> calls = new ArrayList<>();

    Recording(Weaver delegate) {
      this.delegate = delegate;
    }

    @Override
    public void weave(Path in, Path out, List<Path> classPath) throws WeaveException {
      try {
        calls.add(ClassIndex.classFiles(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      delegate.weave(in, out, classPath);
    }
  }
}
