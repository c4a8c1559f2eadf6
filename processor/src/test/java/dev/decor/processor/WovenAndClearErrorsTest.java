package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.decor.processor.Compilations.compile;
import static dev.decor.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.decor.internal.Messages;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The opt-out that lets generated wrappers and AspectJ weaving share a module ({@code @Woven},
 * {@code -Adecor.wrappers=false}), and the cases that used to fail with an unclear message or
 * inside generated code: each a {@code [decor/…]} message on the user's element.
 */
class WovenAndClearErrorsTest {

  private static void assertOnlyError(Compilation compilation, JavaFileObject src, String message,
      String line) {
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(src).onLineContaining(line);
  }

  private static void assertCleanWithoutWrappers(Compilation compilation) {
    assertThat(compilation).succeededWithoutWarnings();
    org.assertj.core.api.Assertions.assertThat(compilation.generatedSourceFiles()).isEmpty();
  }

  private static Compilation compileWoven(JavaFileObject... sources) {
    return javac()
        .withProcessors(new DecorProcessor())
        .withOptions("-Xlint:all,-processing", "-Adecor.wrappers=false")
        .compile(sources);
  }

  // ---- @Woven and -Adecor.wrappers=false ----

  @Test
  void wrapperOnlyErrorsNameWovenAsTheRemedy() {
    JavaFileObject methods = source("p.Service", """
        package p;
        import dev.decor.*;
        public class Service {
          @Timed private String hidden() { return ""; }
          @Retry static String shared() { return ""; }
          @Cached public final String fixed(String key) { return key; }
        }
        """);
    Compilation compilation = compile(methods);
    assertThat(compilation).hadErrorCount(3);
    assertRemedyIsWoven(compilation, methods, Messages.privateMethod("Timed", "hidden()"),
        "private String hidden");
    assertRemedyIsWoven(compilation, methods, Messages.staticMethod("Retry", "shared()"),
        "static String shared");
    assertRemedyIsWoven(compilation, methods, Messages.finalMethod("Cached", "fixed(String)"),
        "final String fixed");
    JavaFileObject type = source("p.Fixed", """
        package p;
        import dev.decor.*;
        public final class Fixed {
          @Timed public String load() { return ""; }
        }
        """);
    Compilation finalClass = compile(type);
    assertThat(finalClass).hadErrorCount(1);
    assertRemedyIsWoven(finalClass, type, Messages.finalClass("p.Fixed"), "final class Fixed");
  }

  private static void assertRemedyIsWoven(Compilation compilation, JavaFileObject src,
      String message, String line) {
    org.assertj.core.api.Assertions.assertThat(message)
        .contains("mark the class @Woven and apply decor with AspectJ weaving");
    assertThat(compilation).hadErrorContaining(message).inFile(src).onLineContaining(line);
  }

  @Test
  void aWrappersOptionOtherThanTrueOrFalseIsAnError() {
    Compilation compilation = javac()
        .withProcessors(new DecorProcessor())
        .withOptions("-Xlint:all,-processing", "-Adecor.wrappers=no")
        .compile(WOVEN_FETCHER);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(Messages.wrappersOption("no"));
  }

  private static final JavaFileObject WOVEN_FETCHER = source("p.Fetcher", """
      package p;
      import dev.decor.*;
      import java.io.IOException;
      @Woven
      public final class Fetcher {
        @Retry(maxAttempts = 5)
        private byte[] fetch(String key) throws IOException { return new byte[0]; }
        @Timed
        static void tick() {}
        record Point(int x) {
          @Cached
          public int twice() { return 2 * x; }
        }
      }
      """);

  @Test
  void aWovenClassGetsNoWrapperAndNoWrapperOnlyErrors() {
    assertCleanWithoutWrappers(compile(WOVEN_FETCHER));
  }

  @Test
  void localClassesInsideAWovenClassAreLeftToWeaving() {
    JavaFileObject src = source("p.Outer", """
        package p;
        import dev.decor.*;
        @Woven
        public class Outer {
          @Timed
          public Runnable task() {
            return new Runnable() {
              @Timed public void run() {}
            };
          }
        }
        """);
    assertCleanWithoutWrappers(compile(src));
  }

  @Test
  void aWovenClassStillHasItsValuesChecked() {
    JavaFileObject src = source("p.Bad", """
        package p;
        import dev.decor.*;
        @Woven
        class Bad {
          @Retry(maxAttempts = 0)
          private String load() { return ""; }
        }
        """);
    assertOnlyError(compile(src), src, Messages.retryMaxAttempts(0), "maxAttempts = 0");
  }

  @Test
  void nextToAWovenClassAnUnmarkedOneIsStillWrapped() {
    JavaFileObject plain = source("p.Plain", """
        package p;
        import dev.decor.Timed;
        public class Plain {
          @Timed
          public String load() { return ""; }
        }
        """);
    Compilation compilation = compile(WOVEN_FETCHER, plain);

    assertThat(compilation).succeeded();
    org.assertj.core.api.Assertions.assertThat(compilation.generatedSourceFiles())
        .extracting(JavaFileObject::getName)
        .containsExactly("/SOURCE_OUTPUT/p/DecoratedPlain.java");
  }

  @Test
  void wrappersFalseTurnsWrappersOffForTheWholeCompilation() {
    JavaFileObject src = source("p.Service", """
        package p;
        import dev.decor.*;
        public final class Service {
          @Retry(maxAttempts = 3)
          private String load() { return ""; }
          Runnable local() {
            class Local implements Runnable {
              @Timed public void run() {}
            }
            return new Local();
          }
        }
        """);
    assertCleanWithoutWrappers(compileWoven(src));
  }

  @Test
  void wrappersFalseStillChecksValues() {
    JavaFileObject src = source("p.Service", """
        package p;
        import dev.decor.*;
        class Service {
          @Cached
          private void load() {}
        }
        """);
    assertOnlyError(compileWoven(src), src, Messages.cachedOnVoid("load()"), "@Cached");
  }

  // ---- clear messages instead of javac errors in generated code ----

  @Test
  void aRecordSaysHowToDecorateIt() {
    JavaFileObject src = source("p.Point", """
        package p;
        import dev.decor.Timed;
        public record Point(int x) {
          @Timed
          public int twice() { return 2 * x; }
        }
        """);
    assertOnlyError(compile(src), src, Messages.recordClass("p.Point"), "public record Point");
  }

  @Test
  void aPrivateNestedParameterTypeIsReportedOnTheMethod() {
    JavaFileObject src = source("p.S", """
        package p;
        import dev.decor.Cached;
        public class S {
          private record Key(int id) {}
          @Cached
          public String load(Key key) { return ""; }
        }
        """);
    assertOnlyError(compile(src), src, Messages.inaccessibleType(
        "load(Key)", "parameter 'key' has type p.S.Key", "is private"), "String load(Key key)");
  }

  @Test
  void aPrivateNestedReturnOrExceptionTypeIsReportedOnTheMethod() {
    JavaFileObject src = source("p.S", """
        package p;
        import dev.decor.Timed;
        import java.util.List;
        public class S {
          private static class Hidden {}
          private static class Oops extends Exception {}
          @Timed
          public List<Hidden> all() throws Oops { return null; }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(Messages.inaccessibleType(
        "all()", "return type java.util.List<p.S.Hidden>", "is private"))
        .inFile(src).onLineContaining("all() throws Oops");
    assertThat(compilation).hadErrorContaining(
        Messages.inaccessibleType("all()", "exception p.S.Oops", "is private"));
  }

  @Test
  void anInterfaceInstanceWrapClashesWithTheWrapperFactory() {
    JavaFileObject src = source("p.M", """
        package p;
        import dev.decor.Timed;
        public interface M {
          @Timed
          String name();
          M wrap(M other);
        }
        """);
    assertOnlyError(compile(src), src, Messages.wrapClash("p.M", "wrap(M)"), "M wrap(M other)");
  }

  @Test
  void aUserClassNamedLikeTheWrapperIsReported() {
    JavaFileObject service = source("p.S", """
        package p;
        import dev.decor.Timed;
        public class S {
          @Timed
          public String load() { return ""; }
        }
        """);
    JavaFileObject taken = source("p.DecoratedS", """
        package p;
        public class DecoratedS {}
        """);
    assertOnlyError(compile(service, taken), service,
        Messages.wrapperNameTaken("p.S", "p.DecoratedS"), "public class S");
  }

  @Test
  void retryOrCachedOnACompletableFutureSubtypeIsACompileError() {
    JavaFileObject src = source("p.S", """
        package p;
        import dev.decor.*;
        import java.util.concurrent.CompletableFuture;
        public class S {
          public static class MyFuture<T> extends CompletableFuture<T> {}
          @Retry public MyFuture<String> retried() { return new MyFuture<>(); }
          @Cached public MyFuture<String> cached() { return new MyFuture<>(); }
          @Retry @Cached
          public CompletableFuture<String> fine() { return new MyFuture<>(); }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(Messages.asyncReturnType("Retry", "retried()", "MyFuture"))
        .inFile(src).onLineContaining("retried()");
    assertThat(compilation)
        .hadErrorContaining(Messages.asyncReturnType("Cached", "cached()", "MyFuture"))
        .inFile(src).onLineContaining("cached()");
  }

  @Test
  void anErrorInRetryOnIsACompileErrorOnTheValue() {
    JavaFileObject src = source("p.S", """
        package p;
        import dev.decor.Retry;
        import java.io.IOException;
        public class S {
          @Retry(retryOn = {IOException.class, StackOverflowError.class})
          public String load() throws IOException { return ""; }
        }
        """);
    assertOnlyError(compile(src), src, Messages.retryOnError("java.lang.StackOverflowError"),
        "StackOverflowError.class");
  }
}
