package dev.decor.conformance.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Batched;
import dev.decor.Cached;
import dev.decor.CircuitBreaker;
import dev.decor.ConcurrencyLimit;
import dev.decor.Fallback;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.Timeout;
import dev.decor.aspect.DecorAspect;
import dev.decor.aspect.Weaving;
import dev.decor.conformance.agreement.Probe.Seen;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chains;
import dev.decor.fixtures.Await;
import dev.decor.internal.Messages;
import dev.decor.internal.Shape;
import dev.decor.internal.describe.Description;
import dev.decor.processor.DecorProcessor;
import dev.decor.spec.Order;
import dev.decor.timing.Timings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.aspectj.bridge.MessageHandler;
import org.aspectj.weaver.loadtime.WeavingURLClassLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor, the aspect (woven at compile time and at load time) and the engine agree on the
 * shape of every method: for every combination of up to {@link #MAX_DECORATORS} of decor's
 * annotations (at most one per {@link Order}, as a chain holds them, plus two of one order) on
 * every kind of return type, on instance and static methods, this test writes a class, compiles
 * it with the processor, weaves it with ajc and with a load-time weaver, and calls it in each
 * mode.
 *
 * <ul>
 *   <li>A combination the processor rejects is rejected by the engine ({@code Chains}) with one of
 *       the processor's messages for that method, and a woven call fails with that message, for an
 *       instance and a static method alike, without running the body.
 *   <li>Every other combination compiles, and in every mode returns what the body returned (a
 *       stage joined, an iterator drained), ran the body as often as its decorators say, and ran
 *       it on the path of the shape the engine's chain has ({@link Shape#of}, which the processor
 *       calls too and the aspect's pointcuts mirror): the one-decorator shapes
 *       ({@link Shape#TIMED_ONLY}, {@link Shape#RETRY_ONLY}, {@link Shape#RETRY_JUDGED},
 *       {@link Shape#TIMEOUT_ONLY}, {@link Shape#LIMIT_ONLY}, {@link Shape#BREAKER_ONLY},
 *       {@link Shape#FALLBACK_ONLY}, and {@link Shape#GRAD_ONLY} on a platform thread) with no
 *       {@code Chain.invoke} frame under the body (and, woven at build time, no closure either:
 *       ajc inlined the advice); {@link Shape#GENERAL} through {@code Chain.invoke};
 *       {@link Shape#BATCHED} never running the body. A front end that took another path than
 *       the chain's shows here, or fails the chain's own check of its hooks.
 * </ul>
 *
 * <p>The annotations come from {@link Description#all()}, so a decorator added later joins the
 * enumeration; {@link #ROWS} says how to write each, and the test fails naming an annotation
 * without a row.
 */
class ShapeAgreementTest {
  private static PrintStream stderr;

  /**
   * The generated classes hold no model, so each of their {@code @InferenceMode} methods logs
   * {@code [decor/InferenceModeNotTrainable]} once per mode: over a thousand lines that say
   * nothing about shapes. They are dropped from this test's output (the warning itself is
   * ConformanceSuite's to check); every other line passes through.
   */
  @BeforeAll
  static void dropTheNotTrainableWarnings() {
    stderr = System.err;
    System.setErr(new PrintStream(new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
          if (!line.toString(StandardCharsets.UTF_8)
              .contains("[decor/InferenceModeNotTrainable]")) {
            stderr.write(line.toByteArray(), 0, line.size());
          }
          line.reset();
        }
      }
    }, true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void restoreStderr() {
    System.setErr(stderr);
  }


  /**
   * How to write each decor annotation with valid values, one row per annotation of
   * {@link Description#all()}: its text ({@code %1$s} stands for the method's name, {@code %2$s}
   * for {@code @Retry}'s budget on a {@code String} method) and, where it
   * needs one, a member beside the method (the batch method of {@code @Batched}). Adding a
   * decorator adds one line here.
   */
  static final List<Row> ROWS = List.of(
      Row.of(Timed.class, "@Timed"),
      Row.of(Cached.class, "@Cached"),
      Row.of(Batched.class, "@Batched(method = \"%1$s_all\", eager = true)",
          ShapeAgreementTest::batchMethod),
      // A String method's @Retry has a budget (%2$s), so the loop that hands over each result
      // (RETRY_JUDGED) is reached beside the plain one, with no second row of one annotation.
      Row.of(Retry.class, "@Retry(maxAttempts = 2%2$s)"),
      Row.of(NoGrad.class, "@NoGrad"),
      Row.of(InferenceMode.class, "@InferenceMode"),
      Row.of(Fallback.class, "@Fallback(method = \"%1$s_fallback\")",
          ShapeAgreementTest::fallbackMethod),
      Row.of(CircuitBreaker.class, "@CircuitBreaker"),
      Row.of(Timeout.class, "@Timeout(\"30s\")"),
      Row.of(ConcurrencyLimit.class, "@ConcurrencyLimit(4)"));

  /** One annotation's row: how a generated method carries it. */
  record Row(Class<? extends Annotation> type, String annotation, Function<Target, String> member) {
    static Row of(Class<? extends Annotation> type, String annotation) {
      return new Row(type, annotation, target -> "");
    }

    static Row of(Class<? extends Annotation> type, String annotation,
        Function<Target, String> member) {
      return new Row(type, annotation, member);
    }
  }

  /** {@code @Batched}'s batch method: {@code List<Item> m_all(List<String> xs)}, static as m is. */
  private static String batchMethod(Target t) {
    String id = "\"" + t.id() + "\"";
    return "  public " + (t.statik() ? "static " : "") + "List<" + t.kind().item + "> "
        + t.method() + "_all(List<String> xs) {\n"
        + "    return Probe.each(" + id + ", xs, x -> "
        + String.format(Locale.ROOT, t.kind().itemValue, id) + ");\n"
        + "  }\n";
  }

  /**
   * {@code @Fallback}'s method: the same parameter and return type, static as m is. No body here
   * fails for good (a retried one fails once), so it must never run.
   */
  private static String fallbackMethod(Target t) {
    return "  public " + (t.statik() ? "static " : "") + t.kind().type + " " + t.method()
        + "_fallback(String x) {\n"
        + "    throw new AssertionError(\"the fallback of " + t.id() + " ran\");\n"
        + "  }\n";
  }

  /** A method's return type, its body's result and how a caller reads it. */
  enum Kind {
    OBJECT("Object", "Object", "\"v:\" + x", "return \"v:\" + x;"),
    STRING("String", "String", "\"v:\" + x", "return \"v:\" + x;"),
    INT("int", "Integer", "x.length()", "return x.length();"),
    VOID("void", "Object", "null", ""),
    FUTURE("CompletableFuture<String>", "String", "\"v:\" + x",
        "return CompletableFuture.completedFuture(\"v:\" + x);"),
    STAGE("CompletionStage<String>", "String", "\"v:\" + x",
        "return CompletableFuture.completedFuture(\"v:\" + x);"),
    ITERATOR("Iterator<String>", "Iterator<String>", "Probe.iterator(%s, \"v:\" + x)",
        "return Probe.iterator(%s, \"v:\" + x);"),
    ITERABLE("Iterable<String>", "Iterable<String>", "Probe.iterable(%s, \"v:\" + x)",
        "return Probe.iterable(%s, \"v:\" + x);"),
    STREAM("Stream<String>", "Stream<String>", "Probe.stream(%s, \"v:\" + x)",
        "return Probe.stream(%s, \"v:\" + x);");

    final String type;
    /** The batch method's item result type, boxed. */
    final String item;
    /** The batch method's result for item {@code x}; {@code %s} is the method's id, quoted. */
    final String itemValue;
    /** The body's last statement; {@code %s} is the method's id, quoted. */
    final String result;

    Kind(String type, String item, String itemValue, String result) {
      this.type = type;
      this.item = item;
      this.itemValue = itemValue;
      this.result = result;
    }

    boolean stage() {
      return this == FUTURE || this == STAGE;
    }

    /** Iterators and streams are consumed once: a cached one is not read twice. */
    boolean singleUse() {
      return this == ITERATOR || this == STREAM;
    }

    boolean lazy() {
      return this == ITERATOR || this == ITERABLE || this == STREAM;
    }

    Object expected(String x) {
      switch (this) {
        case INT:
          return x.length();
        case VOID:
          return null;
        case ITERATOR:
        case ITERABLE:
        case STREAM:
          return List.of("v:" + x);
        default:
          return "v:" + x;
      }
    }

    /** What a caller reads from {@code result}: a stage's value, an iterator's elements. */
    Object read(Object result) {
      if (result instanceof CompletionStage<?> stage) {
        return stage.toCompletableFuture().join();
      }
      if (result instanceof Iterator<?> it) {
        List<Object> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
      }
      if (result instanceof Iterable<?> iterable) {
        List<Object> out = new ArrayList<>();
        iterable.forEach(out::add);
        return out;
      }
      if (result instanceof Stream<?> stream) {
        return stream.collect(Collectors.toList());
      }
      return result;
    }
  }

  /**
   * One generated method: its decorators (a combination of rows), return kind and staticness. Its
   * class: {@code S_<combination>} for static methods; for instance methods {@code I_…} while the
   * processor has not judged them, then {@code I_…} for the accepted, {@code R_…} for the rejected.
   */
  record Target(List<Row> rows, Kind kind, boolean statik) {
    String className() {
      return (statik ? "S_" : rejected != null && rejected.containsKey(this) ? "R_" : "I_")
          + combination(rows);
    }

    String method() {
      return "m_" + kind;
    }

    /** The method's decor name, as its timings and caches are named. */
    String id() {
      return className() + "." + method();
    }

    boolean has(Class<? extends Annotation> type) {
      return rows.stream().anyMatch(r -> r.type() == type);
    }

    /** The twin instance method, whose compile errors a static method's woven call must repeat. */
    Target instance() {
      return new Target(rows, kind, false);
    }

    @Override
    public String toString() {
      return (statik ? "static " : "") + kind.type + " " + id();
    }
  }

  static String combination(List<Row> rows) {
    return rows.stream().map(r -> r.type().getSimpleName()).collect(Collectors.joining("_"));
  }

  /** The rows of {@link Description#all()}, in its order; fails naming an annotation without one. */
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Description<?, ?> d : Description.all()) {
      Row row = ROWS.stream().filter(r -> r.type() == d.annotationType()).findFirst()
          .orElseThrow(() -> new AssertionError("ShapeAgreementTest has no row for @"
              + d.annotationType().getSimpleName() + ": add one to ROWS saying how to write it"
              + " with valid values (and any member it needs), so that its combinations are"
              + " checked"));
      rows.add(row);
    }
    return rows;
  }

  /**
   * The most decorators one generated method carries: every pair of decorators beside any third,
   * which reaches every shape and every rule the front ends check (each is about one decorator, or
   * two, and the return kind). Every combination, with ten annotations in nine orders, would be
   * 768 sets, 13,824 methods: many minutes on a busy machine; at most three, 167 sets, 3,006
   * methods.
   */
  static final int MAX_DECORATORS = 3;

  /**
   * Every combination to check: every set of annotations with at most one per order (what a
   * chain holds) and at most {@link #MAX_DECORATORS}, and every pair of one order (which the
   * front ends must refuse alike).
   */
  static List<List<Row>> combinations(List<Row> rows) {
    Map<Order, List<Row>> byOrder = new LinkedHashMap<>();
    for (Row row : rows) {
      byOrder.computeIfAbsent(Description.forName(row.type().getName()).order(),
          o -> new ArrayList<>()).add(row);
    }
    List<List<Row>> combinations = new ArrayList<>();
    combinations.add(List.of());
    for (List<Row> family : byOrder.values()) {
      List<List<Row>> next = new ArrayList<>();
      for (List<Row> c : combinations) {
        next.add(c);
        for (Row row : family) {
          if (c.size() == MAX_DECORATORS) {
            break;
          }
          List<Row> with = new ArrayList<>(c);
          with.add(row);
          next.add(with);
        }
      }
      combinations = next;
    }
    combinations.remove(List.of());
    for (List<Row> family : byOrder.values()) {
      for (int i = 0; i < family.size(); i++) {
        for (int j = i + 1; j < family.size(); j++) {
          combinations.add(List.of(family.get(i), family.get(j)));
        }
      }
    }
    return combinations;
  }

  // ---------------------------------------------------------------- sources

  private static final String PACKAGE = "agreement";

  /** A class's source, and the lines each method's annotations and signature stand on. */
  record Source(String className, String text, Map<Target, int[]> lines) {}

  static Source source(String className, List<Target> targets) {
    StringBuilder text = new StringBuilder();
    int[] line = {1};
    Map<Target, int[]> lines = new LinkedHashMap<>();
    Function<String, StringBuilder> add = s -> {
      line[0] += (int) s.chars().filter(c -> c == '\n').count();
      return text.append(s);
    };
    add.apply("package " + PACKAGE + ";\n\n"
        + "import dev.decor.*;\n"
        + "import dev.decor.conformance.agreement.Probe;\n"
        + "import java.util.Iterator;\n"
        + "import java.util.List;\n"
        + "import java.util.concurrent.CompletableFuture;\n"
        + "import java.util.concurrent.CompletionStage;\n"
        + "import java.util.stream.Stream;\n\n"
        + "public class " + className + " {\n");
    for (Target t : targets) {
      int first = line[0];
      for (Row row : t.rows()) {
        add.apply("  " + String.format(Locale.ROOT, row.annotation(), t.method(),
            t.kind() == Kind.STRING ? ", maxDuration = \"1m\"" : "") + "\n");
      }
      int signature = line[0];
      add.apply("  public " + (t.statik() ? "static " : "") + t.kind().type + " " + t.method()
          + "(String x) {\n");
      String id = "\"" + t.id() + "\"";
      add.apply("    Probe.body(" + id + ", " + t.has(Retry.class) + ");\n");
      add.apply("    " + String.format(Locale.ROOT, t.kind().result, id) + "\n");
      add.apply("  }\n");
      for (Row row : t.rows()) {
        add.apply(row.member().apply(t));
      }
      add.apply("\n");
      lines.put(t, new int[] {first, signature});
    }
    add.apply("}\n");
    return new Source(className, text.toString(), lines);
  }

  // ---------------------------------------------------------------- preparation

  @TempDir
  static Path dir;

  static List<Target> targets;
  /** The processor's errors on each rejected instance method. */
  static Map<Target, List<String>> rejected;
  static ClassLoader generated;
  static ClassLoader compileTimeWoven;
  static ClassLoader loadTimeWoven;
  /** The classes as javac wrote them, for the engine's own reading. */
  static ClassLoader notWoven;
  /**
   * The engine's verdict on each instance method, read from its annotations as the aspect reads
   * them: its chain's {@link Shape} (which the engine takes from {@link Shape#of}, as the
   * processor does), or the message it refuses the method with.
   */
  static Map<Target, Object> verdicts;

  @BeforeAll
  static void compileAndWeave() throws Exception {
    List<Row> rows = rows();
    targets = new ArrayList<>();
    for (List<Row> combination : combinations(rows)) {
      for (boolean statik : new boolean[] {false, true}) {
        for (Kind kind : Kind.values()) {
          targets.add(new Target(combination, kind, statik));
        }
      }
    }
    // The instance methods, through the processor alone (-proc:only): its verdict on each.
    List<Source> judged = sources(targets.stream().filter(t -> !t.statik()).toList());
    DiagnosticCollector<JavaFileObject> verdict = compile(judged, dir.resolve("verdict"),
        new DecorProcessor(), "-proc:only");
    Map<Target, List<String>> errors = new LinkedHashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : verdict.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.computeIfAbsent(on(judged, d), t -> new ArrayList<>()).add(d.getMessage(Locale.ROOT));
      }
    }
    rejected = errors;

    // The accepted instance methods with the processor: the classes and their generated wrappers.
    Path gen = dir.resolve("generated");
    requireClean(compile(sources(targets.stream().filter(t -> !t.statik() && !rejected.containsKey(t))
        .toList()), gen, new DecorProcessor()), "javac with decor's processor");
    // The rest (rejected instance methods, static methods) without it: only weaving decorates them.
    Path plain = dir.resolve("plain");
    requireClean(compile(sources(targets.stream().filter(t -> t.statik() || rejected.containsKey(t))
        .toList()), plain, null, "-proc:none"), "javac");
    String classes = gen + File.pathSeparator + plain;

    // Compile-time weaving: ajc over both, as the AspectJ Maven plugin weaves target/classes.
    Path ctw = dir.resolve("ctw");
    Files.createDirectories(ctw);
    MessageHandler messages = new MessageHandler();
    new org.aspectj.tools.ajc.Main().run(new String[] {
        "-inpath", classes,
        "-aspectpath", location(DecorAspect.class),
        "-classpath", classPath(),
        "-d", ctw.toString(),
        "-Xlint:ignore", "-17"}, messages);
    assertThat(messages.getErrors()).as("ajc's errors").isEmpty();

    ClassLoader parent = ShapeAgreementTest.class.getClassLoader();
    generated = new URLClassLoader(new URL[] {gen.toUri().toURL()}, parent);
    compileTimeWoven = new URLClassLoader(new URL[] {ctw.toUri().toURL()}, parent);
    // decor-aspectj's META-INF/aop.xml, as the -javaagent weaver reads it.
    URL[] unwoven = {gen.toUri().toURL(), plain.toUri().toURL()};
    loadTimeWoven = new WeavingURLClassLoader(unwoven, new URL[0], parent);
    notWoven = new URLClassLoader(unwoven, parent);

    // Chains.forMethod, as the aspect builds a chain (batch and fallback methods included), on
    // an engine of its own.
    verdicts = new LinkedHashMap<>();
    Decor scratch = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
    Decor previous = Decor.setGlobal(scratch);
    try {
      for (Target t : targets) {
        if (!t.statik()) {
          Method method = Class.forName(PACKAGE + "." + t.className(), false, notWoven)
              .getMethod(t.method(), String.class);
          try {
            verdicts.put(t, Chains.forMethod(method).shape());
          } catch (IllegalArgumentException refused) {
            verdicts.put(t, refused.getMessage());
          }
        }
      }
    } finally {
      Decor.setGlobal(previous);
      scratch.close();
    }
  }

  /** One source per class of {@code targets}. */
  private static List<Source> sources(List<Target> targets) {
    return targets.stream()
        .collect(Collectors.groupingBy(Target::className, LinkedHashMap::new, Collectors.toList()))
        .entrySet().stream().map(e -> source(e.getKey(), e.getValue())).toList();
  }

  /**
   * The method an error of the processor is on: the line of one of its annotations or of its
   * signature (the element a user sees the error on); fails for an error anywhere else.
   */
  private static Target on(List<Source> sources, Diagnostic<? extends JavaFileObject> d) {
    Source source = sources.stream().filter(s -> d.getSource() != null
            && d.getSource().getName().endsWith("/" + s.className() + ".java"))
        .findFirst().orElseThrow(() -> new AssertionError("an error outside the classes: " + d));
    return source.lines().entrySet().stream()
        .filter(e -> d.getLineNumber() >= e.getValue()[0] && d.getLineNumber() <= e.getValue()[1])
        .map(Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new AssertionError("the processor reported an error that is not on a"
            + " decorated method's annotations or signature: line " + d.getLineNumber() + " of "
            + source.className() + ": " + d.getMessage(Locale.ROOT) + "\n" + source.text()));
  }

  private static DiagnosticCollector<JavaFileObject> compile(List<Source> sources, Path out,
      Processor processor, String... moreOptions) throws IOException {
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
      files.setLocation(StandardLocation.SOURCE_OUTPUT, List.of(out.toFile()));
      List<JavaFileObject> units = sources.stream().map(s -> (JavaFileObject) new SimpleJavaFileObject(
          URI.create("string:///" + PACKAGE + "/" + s.className() + ".java"),
          JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
              return s.text();
            }
          }).toList();
      List<String> options = new ArrayList<>(List.of("--release", "17", "-g", "-parameters",
          "-Xmaxerrs", "100000", "-classpath", classPath()));
      options.addAll(List.of(moreOptions));
      JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null, units);
      if (processor != null) {
        task.setProcessors(List.of(processor));
      }
      task.call();
    }
    return diagnostics;
  }

  private static void requireClean(DiagnosticCollector<JavaFileObject> diagnostics, String what) {
    List<String> errors = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(d -> d.toString()).toList();
    assertThat(errors).as("errors of " + what).isEmpty();
  }

  /** The test's class path, for javac and ajc (surefire may hide it in a manifest-only jar). */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      entries.add(entry);
    }
    for (Class<?> c : List.of(ShapeAgreementTest.class, Timed.class, Decor.class,
        DecorAspect.class, org.aspectj.lang.JoinPoint.class)) {
      entries.add(location(c));
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new AssertionError("no location for " + c, e);
    }
  }

  // ---------------------------------------------------------------- the checks

  @Test
  void everyDecorAnnotationHasARow() {
    assertThat(rows()).extracting(Row::type).containsExactlyElementsOf(
        Description.all().stream().map(Description::annotationType).toList());
  }

  /** Guards against a vacuous pass: every shape is reached and the known refusals are refused. */
  @Test
  void theEnumerationReachesEveryShapeAndTheKnownRefusals() {
    Set<Shape> shapes = EnumSet.noneOf(Shape.class);
    verdicts.values().forEach(v -> {
      if (v instanceof Shape shape) {
        shapes.add(shape);
      }
    });
    assertThat(shapes).containsExactlyInAnyOrder(Shape.values());
    assertThat(verdicts.get(target(Kind.INT, Timed.class))).isEqualTo(Shape.TIMED_ONLY);
    assertThat(verdicts.get(target(Kind.INT, Retry.class))).isEqualTo(Shape.RETRY_ONLY);
    assertThat(verdicts.get(target(Kind.STRING, Retry.class))).isEqualTo(Shape.RETRY_JUDGED);
    assertThat(verdicts.get(target(Kind.OBJECT, Timeout.class))).isEqualTo(Shape.TIMEOUT_ONLY);
    assertThat(verdicts.get(target(Kind.VOID, ConcurrencyLimit.class)))
        .isEqualTo(Shape.LIMIT_ONLY);
    assertThat(verdicts.get(target(Kind.OBJECT, CircuitBreaker.class)))
        .isEqualTo(Shape.BREAKER_ONLY);
    assertThat(verdicts.get(target(Kind.INT, Fallback.class))).isEqualTo(Shape.FALLBACK_ONLY);
    assertThat(verdicts.get(target(Kind.FUTURE, Fallback.class))).as("falls back on the stage")
        .isEqualTo(Shape.GENERAL);
    assertThat(verdicts.get(target(Kind.FUTURE, Retry.class))).as("retried asynchronously")
        .isEqualTo(Shape.GENERAL);

    assertThat(rejected).containsEntry(target(Kind.VOID, Cached.class),
        List.of(Messages.cachedOnVoid("m_VOID(String)")));
    assertThat(rejected.get(target(Kind.STRING, NoGrad.class, InferenceMode.class)))
        .containsExactly(Messages.gradConflict("m_STRING(String)"));
    assertThat(rejected.get(target(Kind.INT, Batched.class, Retry.class)))
        .contains(Messages.batchedCombination("m_INT(String)", "Retry"));
    assertThat(verdicts.get(target(Kind.INT, Batched.class, Timeout.class)))
        .as("a caller's @Timeout around its item").isEqualTo(Shape.BATCHED);
    assertThat(rejected.get(target(Kind.STRING, Batched.class, ConcurrencyLimit.class)))
        .contains(Messages.batchedCombination("m_STRING(String)", "ConcurrencyLimit"));
    assertThat(rejected).doesNotContainKeys(target(Kind.INT, Timed.class),
        target(Kind.FUTURE, Batched.class), target(Kind.STREAM, Cached.class, InferenceMode.class),
        target(Kind.STAGE, Timeout.class, ConcurrencyLimit.class),
        target(Kind.VOID, Retry.class, Timeout.class, NoGrad.class));
  }

  @SafeVarargs
  private static Target target(Kind kind, Class<? extends Annotation>... types) {
    List<Row> rows = rows().stream().filter(r -> Arrays.asList(types).contains(r.type())).toList();
    return new Target(rows, kind, false);
  }

  @TestFactory
  Stream<DynamicNode> theEngineRefusesWhatTheProcessorRefusesWithItsWords() {
    return targets.stream().filter(t -> !t.statik()).map(t -> DynamicTest.dynamicTest(
        t.toString(), () -> {
          Object verdict = verdicts.get(t);
          if (rejected.containsKey(t)) {
            assertThat(verdict).as("the engine's refusal").isInstanceOf(String.class);
            assertThat(rejected.get(t)).as("the processor's errors").contains((String) verdict);
          } else {
            assertThat(verdict).as("the engine's shape (it refused what the processor took)")
                .isInstanceOf(Shape.class);
          }
        }));
  }

  @TestFactory
  Stream<DynamicNode> everyModeRunsEveryCombinationOnItsShapesPath() {
    return Stream.of(
        mode("generated", generated, targets.stream().filter(t -> !t.statik()
            && !rejected.containsKey(t)).toList(), false),
        mode("compile-time woven", compileTimeWoven, targets, true),
        mode("load-time woven", loadTimeWoven, targets, true));
  }

  private static DynamicContainer mode(String name, ClassLoader loader, List<Target> cases,
      boolean woven) {
    return DynamicContainer.dynamicContainer(name, cases.stream().map(t ->
        DynamicTest.dynamicTest(t.toString(), () -> run(loader, t, woven))));
  }

  private static void run(ClassLoader loader, Target t, boolean woven)
      throws Throwable {
    Class<?> type = Class.forName(PACKAGE + "." + (woven ? "" : "Decorated") + t.className(), true,
        loader);
    if (woven) {
      Weaving.requireWoven(type);
    }
    Object self = t.statik() ? null : type.getDeclaredConstructor().newInstance();
    Method method = type.getMethod(t.method(), String.class);
    assertThat(Modifier.isStatic(method.getModifiers())).isEqualTo(t.statik());
    Probe.reset();
    Decor engine = Decor.builder().instantRetries().meterRegistry(new SimpleMeterRegistry()).build();
    Decor previous = Decor.setGlobal(engine);
    try {
      List<String> refusals = rejected.get(t.instance());
      if (refusals != null) {
        assertThatThrownBy(() -> call(method, self, "a"))
            .isInstanceOf(IllegalArgumentException.class)
            .satisfies(e -> assertThat(refusals).as("the processor's errors").contains(e.getMessage()));
        assertThat(Probe.seen(t.id()).attempts).hasValue(0);
        return;
      }
      Object first = t.kind().read(call(method, self, "a"));
      assertThat(first).as("what the caller reads").isEqualTo(t.kind().expected("a"));
      Seen seen = Probe.seen(t.id());
      Shape shape = (Shape) verdicts.get(t.instance());
      if (shape == Shape.BATCHED) {
        assertThat(seen.attempts).as("body runs").hasValue(0);
        assertThat(seen.batches).as("batches").hasValue(1);
      } else {
        assertThat(seen.attempts).as("attempts").hasValue(t.has(Retry.class) ? 2 : 1);
        boolean throughInvoke = seen.firstFrames.contains("dev.decor.engine.internal.Chain.invoke");
        assertThat(throughInvoke).as("%s: the body ran under Chain.invoke; frames %s", shape,
            seen.firstFrames).isEqualTo(shape == Shape.GENERAL);
        if (shape != Shape.GENERAL && loader == compileTimeWoven) {
          assertThat(seen.firstFrames).as("ajc inlined the advice: no closure")
              .noneMatch(f -> f.contains("$AjcClosure"));
        }
        boolean grad = t.has(NoGrad.class) || t.has(InferenceMode.class);
        assertThat(seen.bodyGrad).as("grad mode in the body").isEqualTo(!grad);
        if (t.kind().lazy()) {
          assertThat(seen.elementGrad).as("grad mode producing each element").hasSize(1)
              .containsOnly(!grad);
        }
      }
      if (t.has(Timed.class)) {
        // A batched stage completes on the batch's worker, which records its timing after
        // completing it: poll, then hold the count exact.
        Await.until(t.id() + " timed", Duration.ofSeconds(10),
            () -> Timings.stats(t.id()).count() >= 1);
        assertThat(Timings.stats(t.id()).count()).as("timed calls").isEqualTo(1);
      }
      if (t.has(Cached.class) && !t.kind().singleUse()) {
        int attempts = seen.attempts.get();
        assertThat(t.kind().read(call(method, self, "a"))).as("a hit")
            .isEqualTo(t.kind().expected("a"));
        assertThat(seen.attempts).as("body runs after a hit").hasValue(attempts);
        assertThat(seen.batches).as("batches after a hit").hasValue(shape == Shape.BATCHED ? 1 : 0);
      }
      if (shape == Shape.GRAD_ONLY && VIRTUAL != null) {
        // A virtual thread cannot enter grad mode inline: Chain.invoke hands the body's closure
        // to a model thread.
        Probe.reset();
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = VIRTUAL.newThread(() -> {
          try {
            result.set(t.kind().read(call(method, self, "b")));
          } catch (Throwable e) {
            failure.set(e);
          }
        });
        caller.start();
        caller.join();
        if (failure.get() != null) {
          throw failure.get();
        }
        assertThat(result.get()).isEqualTo(t.kind().expected("b"));
        assertThat(Probe.seen(t.id()).bodyThread).as("the body ran on a model thread")
            .isNotNull().isNotSameAs(caller);
        assertThat(Probe.seen(t.id()).bodyGrad).isFalse();
      }
    } finally {
      Decor.setGlobal(previous);
      engine.close();
    }
  }

  private static Object call(Method method, Object self, String x) throws Throwable {
    try {
      return method.invoke(self, x);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Virtual threads (Java 21+, looked up so that the test compiles for 17), else null. */
  private static final ThreadFactory VIRTUAL = virtualThreads();

  private static ThreadFactory virtualThreads() {
    if (Runtime.version().feature() < 21) {
      return null;
    }
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
          .invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no virtual threads on Java " + Runtime.version(), e);
    }
  }
}
