package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.decor.processor.Compilations.compile;
import static dev.decor.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.decor.internal.Messages;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every compile error of SPEC "Mode 1", one row each: the message (from {@link Messages}, as the
 * runtime says it) and the line it points at — the value when the value is wrong, else the method
 * or type. Adding a diagnostic adds a row to {@link #errors}.
 */
class CompileErrorsTest {

  /** One error: the sources compiled, the one it is reported in, its message and its line. */
  record Case(String name, List<JavaFileObject> sources, JavaFileObject inFile, String message,
      String line) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> errors() {
    return Stream.of(
        onService("privateMethod", """
              @Timed
              private String load() { return ""; }
            """, Messages.privateMethod("Timed", "load()"), "private String load()"),
        onService("staticMethod", """
              @Retry
              static String load(String key, int n) { return key; }
            """, Messages.staticMethod("Retry", "load(String, int)"), "static String load("),
        onService("finalMethod", """
              @Cached @Timed
              public final String load(byte[] key) { return ""; }
            """, Messages.finalMethod("Cached", "load(byte[])"), "final String load("),
        inType("abstractMethodOfAClass", "p.Base", """
            package p;
            import dev.decor.Timed;
            public abstract class Base {
              @Timed
              abstract String load();
            }
            """, Messages.abstractMethod("Timed", "load()"), "abstract String load()"),
        inType("finalClass", "p.Sealed", """
            package p;
            import dev.decor.Timed;
            public final class Sealed {
              @Timed public String load() { return ""; }
            }
            """, Messages.finalClass("p.Sealed"), "public final class Sealed"),
        inType("recordIsFinal", "p.Point", """
            package p;
            import dev.decor.Timed;
            public record Point(int x) {
              @Timed public int twice() { return 2 * x; }
            }
            """, Messages.recordClass("p.Point"), "public record Point"),
        inType("privateNestedClassIsNotExtendable", "p.Outer", """
            package p;
            import dev.decor.Timed;
            public class Outer {
              private static class Hidden {
                @Timed public String load() { return ""; }
              }
            }
            """, Messages.notExtendable("p.Outer.Hidden",
                "it is private; make it package-private or wider"),
            "private static class Hidden"),
        inType("innerClassIsNotExtendable", "p.Outer", """
            package p;
            import dev.decor.Timed;
            public class Outer {
              public class Inner {
                @Timed public String load() { return ""; }
              }
            }
            """, Messages.notExtendable("p.Outer.Inner",
                "it is an inner class, which needs an instance of its enclosing class; make it"
                    + " static"),
            "public class Inner"),
        inType("classWithoutNonPrivateConstructorIsNotExtendable", "p.Singleton", """
            package p;
            import dev.decor.Timed;
            public class Singleton {
              private Singleton() {}
              @Timed public String load() { return ""; }
            }
            """, Messages.notExtendable("p.Singleton",
                "it has no non-private constructor; add one that is package-private or wider"),
            "public class Singleton"),
        inType("enumIsNotExtendable", "p.Mode", """
            package p;
            import dev.decor.Timed;
            public enum Mode {
              A;
              @Timed public String load() { return ""; }
            }
            """, Messages.notExtendable("p.Mode", "it is an enum"), "public enum Mode"),
        inType("sealedClassIsNotExtendable", "p.Shape", """
            package p;
            import dev.decor.Timed;
            public sealed class Shape permits Shape.Circle {
              @Timed public double area() { return 0; }
              public static final class Circle extends Shape {}
            }
            """, Messages.notExtendable("p.Shape", "it is sealed and does not permit the wrapper"),
            "public sealed class Shape"),
        inType("annotationTypeIsNotExtendable", "p.Config", """
            package p;
            import dev.decor.Timed;
            public @interface Config {
              @Timed String value();
            }
            """, Messages.notExtendable("p.Config", "it is an annotation type"),
            "public @interface Config"),
        twoTypesWithTheSameWrapperName(),
        besideADecoratedType("anonymousClassIsNotExtendable", "p.Factory", """
            package p;
            import dev.decor.Timed;
            public class Factory {
              Runnable task() {
                return new Runnable() {
                  @Timed
                  public void run() {}
                };
              }
            }
            """, Messages.notExtendable("anonymous Runnable", "it is a local or anonymous class"),
            "public void run()"),
        besideADecoratedType("localClassIsNotExtendable", "p.Factory", """
            package p;
            import dev.decor.*;
            public class Factory {
              Object make() {
                class Local {
                  @dev.decor.Cached
                  public String load(String key) { return key; }
                }
                return new Local();
              }
            }
            """, Messages.notExtendable("Local", "it is a local or anonymous class"),
            "public String load(String key)"),
        onService("cachedOnVoid", """
              @Cached
              public void warmUp(int[] sizes) {}
            """, Messages.cachedOnVoid("warmUp(int[])"), "@Cached"),
        onService("retryMaxAttemptsBelowOne", """
              @Retry(delay = "10ms",
                  maxAttempts = 0)
              public String load() { return ""; }
            """, Messages.retryMaxAttempts(0), "maxAttempts = 0"),
        onService("cachedMaxSizeNegative", """
              @Cached(
                  maxSize = -1)
              public String load() { return ""; }
            """, Messages.cachedMaxSize(-1), "maxSize = -1"),
        onService("retryMultiplierBelowOne", """
              @Retry(
                  multiplier = 0.5)
              public String load() { return ""; }
            """, Messages.retryMultiplier(0.5), "multiplier = 0.5"),
        onService("retryJitterOfOne", """
              @Retry(
                  jitter = 1)
              public String load() { return ""; }
            """, Messages.retryJitter(1.0), "jitter = 1"),
        onService("retryJitterNegative", """
              @Retry(
                  jitter = -0.25)
              public String load() { return ""; }
            """, Messages.retryJitter(-0.25), "jitter = -0.25"),
        onService("malformedRetryDelay", """
              @Retry(
                  delay = "10 sec")
              public String load() { return ""; }
            """, Messages.badDuration("@Retry(delay)", "10 sec"), "delay = \"10 sec\""),
        onService("malformedRetryMaxDelay", """
              @Retry(delay = "1s",
                  maxDelay = "1d")
              public String load() { return ""; }
            """, Messages.badDuration("@Retry(maxDelay)", "1d"), "maxDelay = \"1d\""),
        onService("malformedCachedExpireAfterWrite", """
              @Cached(
                  expireAfterWrite = "ten minutes")
              public String load() { return ""; }
            """, Messages.badDuration("@Cached(expireAfterWrite)", "ten minutes"),
            "expireAfterWrite = \"ten minutes\""),
        onService("negativeIsoDuration", """
              @Retry(
                  delay = "-PT1S")
              public String load() { return ""; }
            """, Messages.negativeDuration("@Retry(delay)", "-PT1S"), "delay = \"-PT1S\""),
        onService("sameClassInRetryOnAndIgnore", """
              @Retry(retryOn = {IOException.class, IllegalStateException.class},
                  ignore = IllegalStateException.class)
              public String load() throws IOException { return ""; }
            """, Messages.retryOnAndIgnore("java.lang.IllegalStateException"),
            "ignore = IllegalStateException.class"),
        onService("noGradTogetherWithInferenceMode", """
              @NoGrad
              @InferenceMode
              public String predict(float[] x) { return ""; }
            """, Messages.gradConflict("predict(float[])"), "@InferenceMode"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void reportsTheErrorWithItsMessageOnItsLine(Case error) {
    Compilation compilation = compile(error.sources().toArray(JavaFileObject[]::new));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(english(error.message())).inFile(error.inFile())
        .onLineContaining(error.line());
    assertThat(compilation).hadErrorContaining(id(error.message()));
  }

  @Test
  void reportsEveryProblemOfACompilationTogether() {
    JavaFileObject src = service("""
          @Retry(maxAttempts = 0, jitter = 2, delay = "soon")
          public String load() { return ""; }
          @Cached
          public void warmUp() {}
          @Timed
          private String hidden() { return ""; }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation).hadErrorContaining(english(Messages.retryMaxAttempts(0)));
    assertThat(compilation).hadErrorContaining(english(Messages.retryJitter(2)));
    assertThat(compilation).hadErrorContaining(english(Messages.badDuration("@Retry(delay)", "soon")));
    assertThat(compilation).hadErrorContaining(english(Messages.cachedOnVoid("warmUp()")));
    assertThat(compilation).hadErrorContaining(english(Messages.privateMethod("Timed", "hidden()")));
  }

  // ---- the rows' sources ----

  private static JavaFileObject service(String members) {
    return source("p.Service", """
        package p;
        import dev.decor.*;
        import java.io.IOException;
        public class Service {
        %s
        }
        """.formatted(members));
  }

  /** An error on members of {@code p.Service}. */
  private static Case onService(String name, String members, String message, String line) {
    JavaFileObject src = service(members);
    return new Case(name, List.of(src), src, message, line);
  }

  /** An error on the type {@code fqcn} or its members. */
  private static Case inType(String name, String fqcn, String text, String message, String line) {
    JavaFileObject src = source(fqcn, text);
    return new Case(name, List.of(src), src, message, line);
  }

  /**
   * As {@link #inType}, for a class javac shows no processor: it shows processors no annotation
   * inside a method body, so decor scans the sources for them when it runs, i.e. when the
   * compilation has at least one decor annotation javac can see (here, a decorated service's).
   */
  private static Case besideADecoratedType(String name, String fqcn, String text, String message,
      String line) {
    JavaFileObject src = source(fqcn, text);
    return new Case(name, List.of(src, service("  @Timed public String load() { return \"\"; }")),
        src, message, line);
  }

  private static Case twoTypesWithTheSameWrapperName() {
    JavaFileObject nested = source("p.A", """
        package p;
        import dev.decor.Timed;
        public class A {
          public static class B {
            @Timed public String load() { return ""; }
          }
        }
        """);
    JavaFileObject underscored = source("p.A_B", """
        package p;
        import dev.decor.Timed;
        public class A_B {
          @Timed public String load() { return ""; }
        }
        """);
    return new Case("twoTypesWithTheSameWrapperName", List.of(nested, underscored), underscored,
        Messages.notExtendable("p.A_B", "its wrapper name 'p.DecoratedA_B' is taken by the wrapper"
            + " of 'p.A.B'; rename one of the two"), "public class A_B");
  }

  /** The part of a message after its {@code [decor/Id]}, which the tests pin down. */
  private static String english(String message) {
    return message.substring(message.indexOf("] ") + 2);
  }

  /** A message's {@code [decor/Id]}. */
  private static String id(String message) {
    return message.substring(0, message.indexOf("] ") + 1);
  }
}
