package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.decor.processor.Compilations.compile;
import static dev.decor.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.decor.internal.Messages;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per compile error of SPEC "Mode 1": the message (from {@link Messages}, as the runtime
 * says it) and the line it points at — the value when the value is wrong, else the method or type.
 */
class CompileErrorsTest {

  private static JavaFileObject service(String body) {
    return source("p.Service", """
        package p;
        import dev.decor.*;
        import java.io.IOException;
        public class Service {
        %s
        }
        """.formatted(body));
  }

  /** The part of a message after its {@code [decor/Id]}, which the tests pin down. */
  private static String english(String message) {
    return message.substring(message.indexOf("] ") + 2);
  }

  private static void assertError(JavaFileObject src, String message, String line) {
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(english(message)).inFile(src).onLineContaining(line);
    assertThat(compilation).hadErrorContaining(message.substring(0, message.indexOf("] ") + 1));
  }

  @Test
  void privateMethod() {
    JavaFileObject src = service("""
          @Timed
          private String load() { return ""; }
        """);
    assertError(src, Messages.privateMethod("Timed", "load()"), "private String load()");
  }

  @Test
  void staticMethod() {
    JavaFileObject src = service("""
          @Retry
          static String load(String key, int n) { return key; }
        """);
    assertError(src, Messages.staticMethod("Retry", "load(String, int)"), "static String load(");
  }

  @Test
  void finalMethod() {
    JavaFileObject src = service("""
          @Cached @Timed
          public final String load(byte[] key) { return ""; }
        """);
    assertError(src, Messages.finalMethod("Cached", "load(byte[])"), "final String load(");
  }

  @Test
  void abstractMethodOfAClass() {
    JavaFileObject src = source("p.Base", """
        package p;
        import dev.decor.Timed;
        public abstract class Base {
          @Timed
          abstract String load();
        }
        """);
    assertError(src, Messages.abstractMethod("Timed", "load()"), "abstract String load()");
  }

  @Test
  void finalClass() {
    JavaFileObject src = source("p.Sealed", """
        package p;
        import dev.decor.Timed;
        public final class Sealed {
          @Timed public String load() { return ""; }
        }
        """);
    assertError(src, Messages.finalClass("p.Sealed"), "public final class Sealed");
  }

  @Test
  void recordIsFinal() {
    JavaFileObject src = source("p.Point", """
        package p;
        import dev.decor.Timed;
        public record Point(int x) {
          @Timed public int twice() { return 2 * x; }
        }
        """);
    assertError(src, Messages.recordClass("p.Point"), "public record Point");
  }

  @Test
  void privateNestedClassIsNotExtendable() {
    JavaFileObject src = source("p.Outer", """
        package p;
        import dev.decor.Timed;
        public class Outer {
          private static class Hidden {
            @Timed public String load() { return ""; }
          }
        }
        """);
    assertError(src, Messages.notExtendable("p.Outer.Hidden",
        "it is private; make it package-private or wider"), "private static class Hidden");
  }

  @Test
  void innerClassIsNotExtendable() {
    JavaFileObject src = source("p.Outer", """
        package p;
        import dev.decor.Timed;
        public class Outer {
          public class Inner {
            @Timed public String load() { return ""; }
          }
        }
        """);
    assertError(src, Messages.notExtendable("p.Outer.Inner",
        "it is an inner class, which needs an instance of its enclosing class; make it static"),
        "public class Inner");
  }

  @Test
  void classWithoutNonPrivateConstructorIsNotExtendable() {
    JavaFileObject src = source("p.Singleton", """
        package p;
        import dev.decor.Timed;
        public class Singleton {
          private Singleton() {}
          @Timed public String load() { return ""; }
        }
        """);
    assertError(src, Messages.notExtendable("p.Singleton",
        "it has no non-private constructor; add one that is package-private or wider"),
        "public class Singleton");
  }

  @Test
  void enumIsNotExtendable() {
    JavaFileObject src = source("p.Mode", """
        package p;
        import dev.decor.Timed;
        public enum Mode {
          A;
          @Timed public String load() { return ""; }
        }
        """);
    assertError(src, Messages.notExtendable("p.Mode", "it is an enum"), "public enum Mode");
  }

  @Test
  void sealedClassIsNotExtendable() {
    JavaFileObject src = source("p.Shape", """
        package p;
        import dev.decor.Timed;
        public sealed class Shape permits Shape.Circle {
          @Timed public double area() { return 0; }
          public static final class Circle extends Shape {}
        }
        """);
    assertError(src, Messages.notExtendable("p.Shape",
        "it is sealed and does not permit the wrapper"), "public sealed class Shape");
  }

  @Test
  void annotationTypeIsNotExtendable() {
    JavaFileObject src = source("p.Config", """
        package p;
        import dev.decor.Timed;
        public @interface Config {
          @Timed String value();
        }
        """);
    assertError(src, Messages.notExtendable("p.Config", "it is an annotation type"),
        "public @interface Config");
  }

  @Test
  void twoTypesWithTheSameWrapperName() {
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
    Compilation compilation = compile(nested, underscored);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("its wrapper name 'p.DecoratedA_B' is taken by the wrapper of")
        .inFile(underscored)
        .onLineContaining("public class A_B");
  }

  /*
   * javac shows processors no annotation inside a method body; decor scans the sources for them
   * when it runs, i.e. when the compilation has at least one decor annotation javac can see.
   */
  private static void assertErrorWithAnotherDecoratedType(
      JavaFileObject src, String message, String line) {
    Compilation compilation = compile(src, service("  @Timed public String load() { return \"\"; }"));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(english(message)).inFile(src).onLineContaining(line);
  }

  @Test
  void anonymousClassIsNotExtendable() {
    JavaFileObject src = source("p.Factory", """
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
        """);
    assertErrorWithAnotherDecoratedType(src, Messages.notExtendable("anonymous Runnable",
        "it is a local or anonymous class"), "public void run()");
  }

  @Test
  void localClassIsNotExtendable() {
    JavaFileObject src = source("p.Factory", """
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
        """);
    assertErrorWithAnotherDecoratedType(src,
        Messages.notExtendable("Local", "it is a local or anonymous class"),
        "public String load(String key)");
  }

  @Test
  void cachedOnVoid() {
    JavaFileObject src = service("""
          @Cached
          public void warmUp(int[] sizes) {}
        """);
    assertError(src, Messages.cachedOnVoid("warmUp(int[])"), "@Cached");
  }

  @Test
  void retryMaxAttemptsBelowOne() {
    JavaFileObject src = service("""
          @Retry(delay = "10ms",
              maxAttempts = 0)
          public String load() { return ""; }
        """);
    assertError(src, Messages.retryMaxAttempts(0), "maxAttempts = 0");
  }

  @Test
  void cachedMaxSizeNegative() {
    JavaFileObject src = service("""
          @Cached(
              maxSize = -1)
          public String load() { return ""; }
        """);
    assertError(src, Messages.cachedMaxSize(-1), "maxSize = -1");
  }

  @Test
  void retryMultiplierBelowOne() {
    JavaFileObject src = service("""
          @Retry(
              multiplier = 0.5)
          public String load() { return ""; }
        """);
    assertError(src, Messages.retryMultiplier(0.5), "multiplier = 0.5");
  }

  @Test
  void retryJitterOfOne() {
    JavaFileObject src = service("""
          @Retry(
              jitter = 1)
          public String load() { return ""; }
        """);
    assertError(src, Messages.retryJitter(1.0), "jitter = 1");
  }

  @Test
  void retryJitterNegative() {
    JavaFileObject src = service("""
          @Retry(
              jitter = -0.25)
          public String load() { return ""; }
        """);
    assertError(src, Messages.retryJitter(-0.25), "jitter = -0.25");
  }

  @Test
  void malformedRetryDelay() {
    JavaFileObject src = service("""
          @Retry(
              delay = "10 sec")
          public String load() { return ""; }
        """);
    assertError(src, Messages.badDuration("@Retry(delay)", "10 sec"), "delay = \"10 sec\"");
  }

  @Test
  void malformedRetryMaxDelay() {
    JavaFileObject src = service("""
          @Retry(delay = "1s",
              maxDelay = "1d")
          public String load() { return ""; }
        """);
    assertError(src, Messages.badDuration("@Retry(maxDelay)", "1d"), "maxDelay = \"1d\"");
  }

  @Test
  void malformedCachedExpireAfterWrite() {
    JavaFileObject src = service("""
          @Cached(
              expireAfterWrite = "ten minutes")
          public String load() { return ""; }
        """);
    assertError(src, Messages.badDuration("@Cached(expireAfterWrite)", "ten minutes"),
        "expireAfterWrite = \"ten minutes\"");
  }

  @Test
  void negativeIsoDuration() {
    JavaFileObject src = service("""
          @Retry(
              delay = "-PT1S")
          public String load() { return ""; }
        """);
    assertError(src, Messages.negativeDuration("@Retry(delay)", "-PT1S"), "delay = \"-PT1S\"");
  }

  @Test
  void sameClassInRetryOnAndIgnore() {
    JavaFileObject src = service("""
          @Retry(retryOn = {IOException.class, IllegalStateException.class},
              ignore = IllegalStateException.class)
          public String load() throws IOException { return ""; }
        """);
    assertError(src, Messages.retryOnAndIgnore("java.lang.IllegalStateException"),
        "ignore = IllegalStateException.class");
  }

  @Test
  void noGradTogetherWithInferenceMode() {
    JavaFileObject src = service("""
          @NoGrad
          @InferenceMode
          public String predict(float[] x) { return ""; }
        """);
    assertError(src, Messages.gradConflict("predict(float[])"), "@InferenceMode");
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
}
