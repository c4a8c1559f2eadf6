package dev.decor.aspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.Decorated;
import dev.decor.engine.internal.Chain;
import dev.decor.internal.describe.Description;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.aspectj.lang.reflect.AdviceKind;
import org.aspectj.lang.reflect.AjType;
import org.aspectj.lang.reflect.AjTypeSystem;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The aspect's wiring: what it matches and what aop.xml declares. Behaviour: decor-conformance. */
class DecorAspectTest {
  private static final AjType<DecorAspect> AJ = AjTypeSystem.getAjType(DecorAspect.class);

  @Test
  void everyDecorMethodAnnotationIsADecoratorThePointcutMatches() throws Exception {
    // The aspect matches any method annotation of dev.decor, so each one must be a decorator.
    assertThat(AJ.getDeclaredPointcut("decoratedExecution").getPointcutExpression().asString())
        .contains("execution(@(dev.decor.*) * *(..))");
    List<String> annotations = decorMethodAnnotations();
    assertThat(annotations).isNotEmpty();
    for (String annotation : annotations) {
      assertThat(Description.forName(annotation)).as(annotation + " is a decorator").isNotNull();
    }
    assertThat(annotations).hasSameSizeAs(Description.all());
  }

  @Test
  void generatedWrappersAreNeitherWovenNorDecoratedAgain() throws Exception {
    assertThat(AJ.getDeclaredPointcut("decoratedExecution").getPointcutExpression().asString())
        .contains("!within(" + Decorated.class.getName() + "+)");
    // The receiver test is in the advice (a class comparison before instanceof): behaviour, tested
    // by decor-conformance's exactly-once cases in both woven modes.
    assertThat(AJ.getDeclaredPointcut("instance").getPointcutExpression().asString())
        .isEqualTo("this(self)");
  }

  @Test
  void exactlyOneAroundAdviceRunsEachChain() throws Exception {
    // Instance executions bind `this` (so skip Decorated receivers); static ones cannot.
    // @Cached and @Fallback executions bind one or two arguments; only the others build a
    // JoinPoint for them.
    assertThat(Stream.of(AJ.getDeclaredAdvice(AdviceKind.AROUND))
            .map(a -> a.getPointcutExpression().asString()).sorted())
        .containsExactlyInAnyOrder("(batched() && instance(self))", "(batched() && statik())",
            "(withArguments() && (instance(self) && (oneArg() && args(a))))",
            "(withArguments() && (instance(self) && (twoArgs() && args(a, b))))",
            "(withArguments() && (instance(self) && otherArity()))",
            "(withArguments() && (statik() && (oneArg() && args(a))))",
            "(withArguments() && (statik() && (twoArgs() && args(a, b))))",
            "(withArguments() && (statik() && otherArity()))",
            "(gradOnly() && (instance(self) && platformThread()))",
            "(gradOnly() && (instance(self) && virtualThread()))",
            "(gradOnly() && (statik() && platformThread()))",
            "(gradOnly() && (statik() && virtualThread()))",
            "(hitFirst() && (instance(self) && (oneArg() && args(a))))",
            "(hitFirst() && (instance(self) && (twoArgs() && args(a, b))))",
            "(hitFirst() && (statik() && (oneArg() && args(a))))",
            "(hitFirst() && (statik() && (twoArgs() && args(a, b))))",
            "(retryOnly() && instance(self))", "(retryOnly() && statik())",
            "(timedOnly() && instance(self))", "(timedOnly() && statik())",
            "(retryJudged() && instance(self))", "(retryJudged() && statik())",
            "(timeoutOnly() && instance(self))", "(timeoutOnly() && statik())",
            "(limitOnly() && instance(self))", "(limitOnly() && statik())",
            "(breakerOnly() && instance(self))", "(breakerOnly() && statik())",
            "(fallbackOnly() && (instance(self) && (oneArg() && args(a))))",
            "(fallbackOnly() && (instance(self) && (twoArgs() && args(a, b))))",
            "(fallbackOnly() && (instance(self) && otherArity()))",
            "(fallbackOnly() && (statik() && (oneArg() && args(a))))",
            "(fallbackOnly() && (statik() && (twoArgs() && args(a, b))))",
            "(fallbackOnly() && (statik() && otherArity()))",
            "(general() && instance(self))", "(general() && statik())");
    // Disjoint: "X only" is "X and no other decor annotation", so a decorator added later falls
    // to general() (several() or unnamed()), which takes no single-decorator shape. The
    // conformance module's ShapeAgreementTest runs every combination in every mode.
    assertThat(AJ.getDeclaredPointcut("gradOnly").getPointcutExpression().asString())
        .contains("!execution(@((dev.decor.* && (!dev.decor.NoGrad && !dev.decor.InferenceMode)))");
    assertThat(AJ.getDeclaredPointcut("timedOnly").getPointcutExpression().asString())
        .contains("@annotation(dev.decor.Timed)", "!execution(@((dev.decor.* && !dev.decor.Timed))",
            "!tagged()");
    // A @MetricTag parameter: the chain reads the arguments, so the execution goes with them.
    assertThat(AJ.getDeclaredPointcut("tagged").getPointcutExpression().asString())
        .isEqualTo("execution(* *(.., (@dev.decor.MetricTag *), ..))");
    assertThat(AJ.getDeclaredPointcut("retryOnly").getPointcutExpression().asString())
        .contains("@annotation(dev.decor.Retry)", "!execution(@((dev.decor.* && !dev.decor.Retry))",
            "!execution(java.util.concurrent.CompletionStage+ *(..))");
    assertThat(AJ.getDeclaredPointcut("retryJudged").getPointcutExpression().asString())
        .contains("@annotation(dev.decor.Retry)", "!execution(@((dev.decor.* && !dev.decor.Retry))",
            "notStage()");
    for (String[] only : new String[][] {{"timeoutOnly", "Timeout"},
        {"limitOnly", "ConcurrencyLimit"}, {"breakerOnly", "CircuitBreaker"},
        {"fallbackOnly", "Fallback"}}) {
      assertThat(AJ.getDeclaredPointcut(only[0]).getPointcutExpression().asString())
          .contains("@annotation(dev.decor." + only[1] + ")",
              "!execution(@((dev.decor.* && !dev.decor." + only[1] + "))", "notStage()");
    }
    assertThat(AJ.getDeclaredPointcut("notStage").getPointcutExpression().asString())
        .isEqualTo("!execution(java.util.concurrent.CompletionStage+ *(..))");
    // general() says what it is (stacked decorators, an unnamed one, a lone resilience decorator
    // on a stage) rather than negating the nine other shapes, which the weaver's rewrite into a
    // disjunction of conjunctions cannot finish.
    assertThat(AJ.getDeclaredPointcut("general").getPointcutExpression().asString())
        .contains("!@annotation(dev.decor.Cached)", "!@annotation(dev.decor.Fallback)",
            "!tagged()", "!@annotation(dev.decor.Batched)", "several()", "unnamed()",
            "!notStage()", "@annotation(dev.decor.Retry)", "@annotation(dev.decor.Timeout)",
            "@annotation(dev.decor.ConcurrencyLimit)", "@annotation(dev.decor.CircuitBreaker)")
        .doesNotContain("Only()", "retryJudged()", "withArguments()");
    assertThat(AJ.getDeclaredPointcut("several").getPointcutExpression().asString())
        .contains("(@annotation(dev.decor.Timed) && execution(@((dev.decor.* && !dev.decor.Timed))",
            "(@annotation(dev.decor.Retry) && execution(@((dev.decor.* && !dev.decor.Retry))",
            "(@annotation(dev.decor.Timeout) && execution(@((dev.decor.* && !dev.decor.Timeout))",
            "(@annotation(dev.decor.ConcurrencyLimit) && "
                + "execution(@((dev.decor.* && !dev.decor.ConcurrencyLimit))",
            "(@annotation(dev.decor.CircuitBreaker) && "
                + "execution(@((dev.decor.* && !dev.decor.CircuitBreaker))",
            "execution(@((dev.decor.* && (!dev.decor.NoGrad && !dev.decor.InferenceMode)))");
    assertThat(AJ.getDeclaredPointcut("unnamed").getPointcutExpression().asString())
        .contains("!@annotation(dev.decor.Timed)", "!@annotation(dev.decor.Retry)",
            "!@annotation(dev.decor.Timeout)", "!@annotation(dev.decor.ConcurrencyLimit)",
            "!@annotation(dev.decor.CircuitBreaker)", "!@annotation(dev.decor.NoGrad)",
            "!@annotation(dev.decor.InferenceMode)", "!@annotation(dev.decor.Cached)",
            "!@annotation(dev.decor.Fallback)", "!@annotation(dev.decor.Batched)");
    assertThat(AJ.getDeclaredPointcut("withArguments").getPointcutExpression().asString())
        .contains("(@annotation(dev.decor.Cached) || (@annotation(dev.decor.Fallback) || tagged()))",
            "!@annotation(dev.decor.Batched)", "!fallbackOnly()");
    // hitFirst() is the one overlap: it answers completed hits in front of a cached advice, or
    // proceeds into it, so the chain still runs once (conformance counts hits and misses).
    assertThat(AJ.getDeclaredPointcut("hitFirst").getPointcutExpression().asString())
        .isEqualTo("(withArguments() && (@annotation(dev.decor.Cached)"
            + " && (!@annotation(dev.decor.Timed) && (!@annotation(dev.decor.Fallback)"
            + " && (oneArg() || twoArgs())))))");
    assertThat(AJ.getDeclaredPointcut("oneArg").getPointcutExpression().asString())
        .isEqualTo("execution(* *(*))");
    assertThat(AJ.getDeclaredPointcut("twoArgs").getPointcutExpression().asString())
        .isEqualTo("execution(* *(*, *))");
    assertThat(AJ.getDeclaredPointcut("otherArity").getPointcutExpression().asString())
        .isEqualTo("(!oneArg() && !twoArgs())");
    // platformThread() and virtualThread() are if() tests, opposite at run time (not readable
    // here): decor-conformance runs grad-only methods on both kinds of thread.
    assertThat(AJ.getDeclaredPointcut("statik").getPointcutExpression().asString())
        .isEqualTo("execution(static * *(..))");
    // The lint carrier for "weaving matched nothing" matches every decorated execution; the
    // other before advice builds a woven class's chains when it is initialised.
    assertThat(Stream.of(AJ.getDeclaredAdvice(AdviceKind.BEFORE))
            .map(a -> a.getPointcutExpression().asString()).sorted())
        .containsExactly("decoratedExecution()",
            "staticinitialization((@(" + WovenByDecor.class.getSimpleName() + ") *).<clinit>())");
  }

  @Test
  void wovenClassesWithDecoratedMethodsAreMarkedForTheirStaticInitialisation() {
    // Any method annotation of dev.decor, each a decorator (the test above).
    assertThat(AJ.getDeclareAnnotations()).anySatisfy(d -> {
      assertThat(d.getKind().toString()).isEqualTo("Type");
      assertThat(d.getAnnotationAsText()).contains(WovenByDecor.class.getSimpleName());
      assertThat(d.getTypePattern().asString()).contains("hasmethod(@(dev.decor.*)")
          .contains("!" + Decorated.class.getName() + "+");
    });
  }

  @Test
  void isAFinishedAspectSoConsumersCanUseItAsAnAspectLibrary() throws Exception {
    // Added by ajc when decor-aspectj is built; javac alone would leave it out.
    // Per woven class (pertypewithin): its chains live in the class, and go with it.
    assertThat(DecorAspect.class.getMethod("aspectOf", Class.class).getReturnType())
        .isEqualTo(DecorAspect.class);
    assertThat(DecorAspect.class.getMethod("hasAspect", Class.class)
        .invoke(null, Decorated.class)).isEqualTo(false);
  }

  @Test
  void aopXmlDeclaresTheAspectAndDoesNotNarrowTheWeaver() throws Exception {
    Document xml;
    try (InputStream in = DecorAspect.class.getResourceAsStream("/META-INF/aop.xml")) {
      xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }

    assertThat(xml.getElementsByTagName("aspect").item(0).getAttributes()
        .getNamedItem("name").getNodeValue()).isEqualTo(DecorAspect.class.getName());
    assertThat(xml.getElementsByTagName("aspect").item(1).getAttributes()
        .getNamedItem("name").getNodeValue()).isEqualTo(DecorInterfaceAspect.class.getName());
    assertThat(xml.getElementsByTagName("aspect").getLength()).isEqualTo(2);
    assertThat(xml.getElementsByTagName("include").getLength()).isZero();
  }

  /**
   * The default scope leaves out every package of decor's own jars by name (the weaver then never
   * reads their classes), and only those of decor's packages: an application's dev.decor.* code
   * (the sample's dev.decor.examples) is woven.
   */
  @Test
  void aopXmlExcludesEveryPackageOfDecorItself() throws Exception {
    Document xml;
    try (InputStream in = DecorAspect.class.getResourceAsStream("/META-INF/aop.xml")) {
      xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
    Set<String> excluded = new TreeSet<>();
    NodeList excludes = xml.getElementsByTagName("exclude");
    for (int i = 0; i < excludes.getLength(); i++) {
      excluded.add(excludes.item(i).getAttributes().getNamedItem("within").getNodeValue());
    }
    Set<String> packages = new TreeSet<>();
    for (Class<?> inJar : List.of(Decorated.class, Chain.class, DecorAspect.class)) {
      packages.addAll(packagesOf(inJar));
    }

    assertThat(packages).contains("dev.decor", "dev.decor.cache", "dev.decor.engine.internal",
        "dev.decor.aspect");
    for (String pkg : packages) {
      assertThat(pkg.equals("dev.decor") ? excluded.contains("dev.decor.*")
          : excluded.stream().anyMatch(e -> e.endsWith("..*")
              && (pkg + ".").startsWith(e.substring(0, e.length() - 2))))
          .as("aop.xml excludes " + pkg).isTrue();
    }
    assertThat(excluded).filteredOn(e -> e.startsWith("dev.decor"))
        .noneMatch(e -> e.equals("dev.decor..*") || e.startsWith("dev.decor.examples")
            || e.startsWith("dev.decor.conformance"));
  }

  /** The packages holding classes in {@code type}'s jar (or folder, in an IDE). */
  private static Set<String> packagesOf(Class<?> type) throws Exception {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
      Path root = jar == null ? location : jar.getPath("/");
      try (Stream<Path> files = Files.walk(root.resolve("dev"))) {
        return files.filter(p -> p.toString().endsWith(".class"))
            .map(p -> root.relativize(p.getParent()).toString().replace('/', '.'))
            .collect(Collectors.toCollection(TreeSet::new));
      }
    }
  }

  /** Every runtime-retained method annotation in package dev.decor. */
  private static List<String> decorMethodAnnotations() throws Exception {
    Path location =
        Path.of(Decorated.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // decor-annotations is a folder in an IDE and a jar in a Maven reactor's verify.
    try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location);
        Stream<Path> files =
            Files.list((jar == null ? location : jar.getPath("/")).resolve("dev/decor"))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".class"))
          .map(n -> "dev.decor." + n.substring(0, n.length() - ".class".length()))
          .filter(DecorAspectTest::isMethodAnnotation)
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static boolean isMethodAnnotation(String name) {
    try {
      Class<?> c = Class.forName(name);
      Target target = c.getAnnotation(Target.class);
      Retention retention = c.getAnnotation(Retention.class);
      return c.isAnnotation() && target != null
          && List.of(target.value()).contains(ElementType.METHOD)
          && retention != null && retention.value() == RetentionPolicy.RUNTIME;
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
