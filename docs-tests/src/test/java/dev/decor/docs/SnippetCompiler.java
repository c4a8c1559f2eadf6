package dev.decor.docs;

import com.sun.source.util.JavacTask;
import dev.decor.processor.DecorProcessor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles all snippets in one javac run (release 17, the test class path, decor's processor set
 * explicitly so it runs on every JDK), and maps each message back to the doc line it is about.
 */
final class SnippetCompiler {
  /** The compiled snippets' classes, loaded over the test class path, and what javac said. */
  record Result(ClassLoader loader, Map<Snippet, List<String>> problems, List<String> unplaced) {}

  private static final List<String> OPTIONS =
      List.of("--release", "17", "-parameters", "-Xlint:none", "-Xmaxerrs", "1000");

  private SnippetCompiler() {}

  static Result compile(List<Snippet> snippets, Path out) throws IOException {
    Path sources = clean(out.resolve("src"));
    Path generated = clean(out.resolve("generated"));
    Path classes = clean(out.resolve("classes"));
    Map<Path, Snippet> byFile = new LinkedHashMap<>();
    for (Snippet snippet : snippets) {
      for (Snippet.File source : snippet.files) {
        Path file = sources.resolve(source.path()).toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.source(), StandardCharsets.UTF_8);
        byFile.put(file, snippet);
      }
    }

    Map<Snippet, List<String>> problems = new LinkedHashMap<>();
    List<String> unplaced = new ArrayList<>();
    // javac writes no class at all once any file has an error, so the snippets with errors are
    // left out and the rest compiled again, until a pass is clean: one broken block then costs
    // its own run, not every other block's.
    Set<Snippet> left = new LinkedHashSet<>(snippets);
    while (!left.isEmpty()) {
      Set<Path> files = new LinkedHashSet<>();
      byFile.forEach((file, snippet) -> {
        if (left.contains(snippet)) {
          files.add(file);
        }
      });
      clean(generated);
      clean(classes);
      Set<Snippet> failed = pass(files, byFile, sources, generated, classes, problems, unplaced);
      if (failed.isEmpty()) {
        break;
      }
      left.removeAll(failed);
    }
    if (left.isEmpty()) {
      clean(classes);
    }
    ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        SnippetCompiler.class.getClassLoader());
    return new Result(loader, problems, unplaced);
  }

  /** One javac run over {@code files}; returns the snippets it found errors in. */
  private static Set<Snippet> pass(Set<Path> sourceFiles, Map<Path, Snippet> byFile,
      Path sources, Path generated, Path classes, Map<Snippet, List<String>> problems,
      List<String> unplaced) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok;
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
      files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath());
      // Parse first: javac attributes nothing once a file has a syntax error.
      Set<Path> compilable = new LinkedHashSet<>(sourceFiles);
      JavacTask parse = (JavacTask) javac.getTask(null, files, diagnostics, OPTIONS, null,
          files.getJavaFileObjectsFromPaths(compilable));
      parse.parse();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR && d.getSource() != null) {
          compilable.remove(Path.of(d.getSource().toUri()).toAbsolutePath().normalize());
        }
      }
      if (compilable.isEmpty()) {
        ok = false;
      } else {
        JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, OPTIONS,
            null, files.getJavaFileObjectsFromPaths(compilable));
        task.setProcessors(List.of(new DecorProcessor()));
        ok = task.call();
      }
    }
    Set<Snippet> failed = new LinkedHashSet<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      boolean decorWarning = d.getKind() == Diagnostic.Kind.WARNING
          && d.getMessage(Locale.ROOT).contains("[decor/");
      if (d.getKind() != Diagnostic.Kind.ERROR && !decorWarning) {
        continue;
      }
      String message = d.getKind().toString().toLowerCase(Locale.ROOT) + ": "
          + d.getMessage(Locale.ROOT);
      Snippet snippet = d.getSource() == null ? null
          : byFile.get(Path.of(d.getSource().toUri()).toAbsolutePath().normalize());
      if (snippet == null) {
        String line = (d.getSource() == null ? "" : d.getSource().toUri().getPath() + ":"
            + d.getLineNumber() + ": ") + message;
        if (!unplaced.contains(line)) {
          unplaced.add(line);
        }
        continue;
      }
      failed.add(snippet);
      int line = snippet.docLine(d.getLineNumber());
      String where = line > 0 ? snippet.block.doc() + ":" + line
          : snippet.block.where() + " (in what the test wraps the block in: "
              + d.getSource().toUri().getPath() + ":" + d.getLineNumber() + ")";
      String code = line > 0 ? "\n    " + snippet.block.lines().get(line - snippet.block.line() - 1)
          .strip() : "";
      List<String> list = problems.computeIfAbsent(snippet, s -> new ArrayList<>());
      if (!list.contains(where + ": " + message + code)) {
        list.add(where + ": " + message + code);
      }
    }
    if (!ok && failed.isEmpty()) {
      // An error in no snippet's file (say, in a generated wrapper): every snippet of this pass.
      failed.addAll(byFile.values().stream().filter(s -> s.files.stream()
          .anyMatch(f -> sourceFiles.contains(sources.resolve(f.path()).toAbsolutePath()
              .normalize()))).toList());
      if (unplaced.isEmpty()) {
        unplaced.add("javac failed without an error message");
      }
    }
    return failed;
  }

  /** The test class path (surefire runs without a manifest-only jar, see the pom). */
  private static List<Path> classPath() {
    List<Path> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry));
      }
    }
    return entries;
  }

  private static Path clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> {
          try {
            Files.delete(f);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    return Files.createDirectories(dir);
  }
}
