package dev.decor.benchmarks;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the processor adds to a build: in-process javac ({@code javax.tools}, as Maven's compiler
 * plugin runs it) of {@link #classes} (300) annotated classes, with annotation processing off
 * ({@code -proc:none}) and with {@code DecorProcessor}, which also generates and compiles one
 * wrapper per class. Two more settings take the processor's cost apart: {@code checkOnly} runs it
 * with {@code -Adecor.wrappers=false} (it validates every annotated method and writes nothing),
 * and {@code wrappersAsSource} compiles the classes together with the wrappers the processor
 * generated once before the trial, with processing off: what javac alone spends on the wrappers'
 * source, the floor of any processor that emits wrappers as Java source. Each measured operation
 * is one full compile into an empty directory (SingleShotTime); warm-up compiles come first, so
 * this is a warm compiler, as in a Maven build that compiles several modules in one JVM. Writing
 * the sources and emptying the output directory happen outside the measurement.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class CompileCostBench {
  private static final String PROCESSOR = "dev.decor.processor.DecorProcessor";

  @Param({"none", "checkOnly", "wrappersAsSource", "decor"})
  public String processor;

  /** How many annotated classes one compile sees (the smoke run uses fewer). */
  @Param("300")
  public int classes;

  private JavaCompiler javac;
  private Path root;
  private Path output;
  private List<Path> sources;

  @Setup(Level.Trial)
  public void writeSources() throws IOException {
    javac = ToolProvider.getSystemJavaCompiler();
    root = Files.createTempDirectory("decor-compile-cost");
    Path pkg = Files.createDirectories(root.resolve("src/bench/gen"));
    sources = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      Path file = pkg.resolve("Model" + i + ".java");
      Files.writeString(file, source(i));
      sources.add(file);
    }
    output = root.resolve("classes");
    if (processor.equals("wrappersAsSource")) {
      sources.addAll(generateWrappers());
    }
  }

  /** Runs the processor once ({@code -proc:only}) and returns the wrapper sources it wrote. */
  private List<Path> generateWrappers() throws IOException {
    Path generated = Files.createDirectories(root.resolve("generated"));
    compile(List.of("-proc:only", "-processor", PROCESSOR,
        "-s", generated.toString(), "-d", root.resolve("generated-classes").toString()), sources);
    try (Stream<Path> files = Files.walk(generated)) {
      List<Path> wrappers = files.filter(p -> p.toString().endsWith(".java")).toList();
      if (wrappers.size() < classes) {
        throw new IllegalStateException(
            "Expected " + classes + " generated wrappers, got " + wrappers.size());
      }
      return wrappers;
    }
  }

  @Setup(Level.Invocation)
  public void emptyOutput() throws IOException {
    delete(output);
    Files.createDirectories(output);
  }

  @TearDown(Level.Trial)
  public void deleteSources() throws IOException {
    delete(root);
  }

  @Benchmark
  public int compile_javac() throws IOException {
    List<String> options = new ArrayList<>();
    switch (processor) {
      case "none", "wrappersAsSource" -> options.add("-proc:none");
      case "checkOnly" -> options.addAll(List.of(
          "-processor", PROCESSOR, "-Adecor.wrappers=false"));
      case "decor" -> options.addAll(List.of("-processor", PROCESSOR));
      default -> throw new IllegalArgumentException("processor=" + processor);
    }
    options.addAll(List.of("-d", output.toString()));
    compile(options, sources);
    try (Stream<Path> written = Files.walk(output)) {
      int count = (int) written.filter(p -> p.toString().endsWith(".class")).count();
      boolean wrapped = processor.equals("decor") || processor.equals("wrappersAsSource");
      int expected = wrapped ? 2 * classes : classes;
      if (count < expected) {
        throw new IllegalStateException("Expected " + expected + " classes, got " + count);
      }
      return count;
    }
  }

  /** One in-process javac run over {@code files} with {@code options} and the bench's own. */
  private void compile(List<String> options, List<Path> files) throws IOException {
    List<String> all = new ArrayList<>(options);
    all.addAll(List.of(
        "-cp", System.getProperty("java.class.path"),
        "--release", "17",
        "-implicit:none",
        "-nowarn"));
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager manager = javac.getStandardFileManager(null, null, null)) {
      boolean ok = javac.getTask(diagnostics, manager, null, all, null,
          manager.getJavaFileObjectsFromPaths(files)).call();
      if (!ok) {
        throw new IllegalStateException("javac failed:\n" + diagnostics);
      }
    }
  }

  /** A small model class with the usual mix of decor annotations on three of its four methods. */
  private static String source(int i) {
    return """
        package bench.gen;

        import dev.decor.Cached;
        import dev.decor.NoGrad;
        import dev.decor.Retry;
        import dev.decor.Timed;
        import java.util.List;

        public class Model%1$d {
          private final float[] weights = new float[16];

          public Model%1$d() {}

          public Model%1$d(float scale) {
            java.util.Arrays.fill(weights, scale);
          }

          @Timed
          public float score(float[] x) {
            float acc = 0f;
            for (int i = 0; i < x.length && i < weights.length; i++) {
              acc += x[i] * weights[i];
            }
            return acc;
          }

          @Retry(maxAttempts = 3, delay = "10ms", ignore = IllegalArgumentException.class)
          @NoGrad
          public float[] embed(float[] x) throws java.io.IOException {
            return x.clone();
          }

          @Cached(maxSize = 64)
          public List<String> labels(int id, String prefix) {
            return List.of(prefix + id, prefix + (id + %1$d));
          }

          public int plain(int a) {
            return a + %1$d;
          }
        }
        """.formatted(i);
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
