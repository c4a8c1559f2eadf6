package dev.decor.aspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.Decorated;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Pointcut;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The aspect's wiring: what it matches and what aop.xml declares. Behaviour: decor-conformance. */
class DecorAspectTest {
  @Test
  void pointcutMatchesEveryDecorMethodAnnotation() throws Exception {
    String pointcut = DecorAspect.class.getDeclaredMethod("decoratedExecution")
        .getAnnotation(Pointcut.class).value();

    List<String> annotations = decorMethodAnnotations();

    assertThat(annotations).hasSize(5);
    for (String annotation : annotations) {
      assertThat(pointcut).contains("@annotation(" + annotation + ")");
    }
  }

  @Test
  void adviceSkipsGeneratedWrappers() throws Exception {
    String advice = DecorAspect.class
        .getMethod("decorate", org.aspectj.lang.ProceedingJoinPoint.class)
        .getAnnotation(Around.class).value();

    assertThat(advice)
        .contains("!within(" + Decorated.class.getName() + "+)")
        .contains("!this(" + Decorated.class.getName() + ")");
  }

  @Test
  void isAFinishedAspectSoConsumersCanUseItAsAnAspectLibrary() throws Exception {
    // Added by ajc when decor-runtime is built; javac alone would leave it out.
    assertThat(DecorAspect.class.getMethod("aspectOf").getReturnType())
        .isEqualTo(DecorAspect.class);
    assertThat(DecorAspect.class.getMethod("hasAspect").invoke(null)).isEqualTo(true);
  }

  @Test
  void aopXmlDeclaresTheAspectAndDoesNotNarrowTheWeaver() throws Exception {
    Document xml;
    try (InputStream in = DecorAspect.class.getResourceAsStream("/META-INF/aop.xml")) {
      xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }

    assertThat(xml.getElementsByTagName("aspect").item(0).getAttributes()
        .getNamedItem("name").getNodeValue()).isEqualTo(DecorAspect.class.getName());
    assertThat(xml.getElementsByTagName("include").getLength()).isZero();
  }

  /** Every runtime-retained method annotation in package dev.decor. */
  private static List<String> decorMethodAnnotations() throws Exception {
    Path root = Path.of(Decorated.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.list(root.resolve("dev/decor"))) {
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
