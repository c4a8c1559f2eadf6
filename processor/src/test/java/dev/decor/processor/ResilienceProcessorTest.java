package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.decor.processor.Compilations.assertOnlyError;
import static dev.decor.processor.Compilations.call;
import static dev.decor.processor.Compilations.compile;
import static dev.decor.processor.Compilations.load;
import static dev.decor.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.decor.internal.Messages;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Fallback} and {@code @CircuitBreaker} in generated mode: one compile error per misuse
 * ({@code [decor/FallbackSignature]} naming what is wrong and the signature expected, on the
 * {@code method} value), and wrappers that call the fallback directly — through a lambda in the
 * chain's field, no reflection.
 */
class ResilienceProcessorTest {

  private static JavaFileObject model(String body) {
    return source("p.Model", """
        package p;
        import dev.decor.*;
        import java.io.IOException;
        import java.util.*;
        import java.util.concurrent.*;
        public class Model {
        %s
        }
        """.formatted(body));
  }

  private static String signature(String method, String fallback, String problem) {
    return Messages.fallbackSignature(method, fallback, problem,
        Messages.fallbackDeclare("'String " + fallback + "(String)' or 'String " + fallback
            + "(String, Throwable)'"));
  }

  /** What a fallback or breaker wrapper may reference beyond {@link GeneratedSurfaceTest#SURFACE}. */
  private static final Set<String> RESILIENCE_SURFACE = Set.of(
      "dev.decor.Fallback", "dev.decor.CircuitBreaker", "dev.decor.fallback.FallbackMethod",
      "dev.decor.spec.FallbackSpec", "dev.decor.spec.FallbackSpec.builder",
      "dev.decor.spec.FallbackSpec.Builder", "dev.decor.spec.FallbackSpec.Builder.method",
      "dev.decor.spec.FallbackSpec.Builder.on", "dev.decor.spec.FallbackSpec.Builder.ignore",
      "dev.decor.spec.FallbackSpec.Builder.build",
      "dev.decor.spec.CircuitBreakerSpec", "dev.decor.spec.CircuitBreakerSpec.builder",
      "dev.decor.spec.CircuitBreakerSpec.Builder",
      "dev.decor.spec.CircuitBreakerSpec.Builder.failureRate",
      "dev.decor.spec.CircuitBreakerSpec.Builder.window",
      "dev.decor.spec.CircuitBreakerSpec.Builder.openFor",
      "dev.decor.spec.CircuitBreakerSpec.Builder.halfOpenCalls",
      "dev.decor.spec.CircuitBreakerSpec.Builder.slowCall",
      "dev.decor.spec.CircuitBreakerSpec.Builder.slowCallRate",
      "dev.decor.spec.CircuitBreakerSpec.Builder.recordOn",
      "dev.decor.spec.CircuitBreakerSpec.Builder.ignore",
      "dev.decor.spec.CircuitBreakerSpec.Builder.name",
      "dev.decor.spec.CircuitBreakerSpec.Builder.build");

  @Test
  void aFallbackWrapperReferencesOnlyTheDocumentedSurface() throws IOException {
    Compilation compilation = compile(model("""
          @Fallback(method = "cpu", on = IOException.class, ignore = java.io.EOFException.class)
          @CircuitBreaker(failureRate = 25, window = 4, openFor = "1s", halfOpenCalls = 2,
              slowCall = "1s", slowCallRate = 50, recordOn = IOException.class,
              ignore = java.io.EOFException.class, name = "gpu")
          public String predict(String x) throws IOException { return x; }
          String cpu(String x, IOException failure) { return "cpu"; }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    GeneratedSurfaceTest.assertExtraSurface(compilation, RESILIENCE_SURFACE);
  }

  @Test
  void theWrapperCallsTheFallbackWithTheArgumentsAndTheFailure() throws Throwable {
    Compilation compilation = compile(model("""
          private final List<Throwable> failures = new ArrayList<>();
          public List<Throwable> failures() { return failures; }
          @Fallback(method = "cpu")
          public String predict(String x, int n) throws IOException {
            throw new IOException("gpu " + x + n);
          }
          String cpu(String x, int n, Throwable failure) {
            failures.add(failure);
            return "cpu " + x + n;
          }
          @Fallback(method = "quiet")
          public void log(String line) { throw new IllegalStateException(line); }
          protected void quiet(String line) {}
          @Fallback(method = "zero")
          public int count(long[] xs) { throw new ArithmeticException(); }
          public int zero(long[] xs) { return 0; }
          @Fallback(method = "later", on = IllegalStateException.class)
          public CompletableFuture<String> async(String x) {
            return CompletableFuture.failedFuture(new IllegalStateException(x));
          }
          CompletionStage<String> later(String x, IllegalStateException e) {
            return CompletableFuture.completedFuture("later " + e.getMessage());
          }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    Object model = load(compilation).loadClass("p.DecoratedModel").getConstructor().newInstance();
    assertThat(call(model, "predict", "a", 1)).isEqualTo("cpu a1");
    assertThat((java.util.List<?>) call(model, "failures")).singleElement().isInstanceOf(IOException.class)
        .extracting(t -> ((Throwable) t).getMessage()).isEqualTo("gpu a1");
    assertThat(call(model, "log", "x")).isNull();
    assertThat(call(model, "count", (Object) new long[] {1})).isEqualTo(0);
    assertThat(((CompletableFuture<?>) call(model, "async", "x")).join()).isEqualTo("later x");
  }

  @Test
  void anOpenBreakerFallsBackInTheWrapper() throws Throwable {
    Compilation compilation = compile(model("""
          private int runs;
          public int runs() { return runs; }
          @Fallback(method = "cached")
          @CircuitBreaker(window = 2, openFor = "1h", name = "ResilienceProcessorTest")
          public String predict(String x) { runs++; throw new IllegalStateException(); }
          String cached(String x, Throwable t) { return t.getClass().getSimpleName(); }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    Object model = load(compilation).loadClass("p.DecoratedModel").getConstructor().newInstance();
    assertThat(call(model, "predict", "x")).isEqualTo("IllegalStateException");
    assertThat(call(model, "predict", "x")).isEqualTo("IllegalStateException");
    assertThat(call(model, "predict", "x")).isEqualTo(CallNotPermittedException.class.getSimpleName());
    assertThat(call(model, "runs")).isEqualTo(2);
  }

  @Test
  void anInterfaceWrapperCallsTheDelegatesFallback() throws Throwable {
    Compilation compilation = compile(source("p.Store", """
        package p;
        import dev.decor.Fallback;
        public interface Store {
          @Fallback(method = "empty")
          byte[] get(String key);
          default byte[] empty(String key) { return new byte[0]; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    Class<?> wrapper = load(compilation).loadClass("p.DecoratedStore");
    Class<?> store = wrapper.getInterfaces()[0];
    Object failing = java.lang.reflect.Proxy.newProxyInstance(store.getClassLoader(),
        new Class<?>[] {store}, (proxy, m, args) -> {
          if (m.isDefault()) {
            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
          }
          throw new IllegalStateException("down");
        });
    Object wrapped = wrapper.getConstructor(store).newInstance(failing);
    assertThat((byte[]) call(wrapped, "get", "k")).isEmpty();
  }

  @Test
  void aMissingFallbackIsAnErrorOnTheAttribute() {
    assertOnlyError(model("""
          @Fallback(method = "cpu")
          public String predict(String x) { return x; }
        """), signature("predict(String)", "cpu", "does not exist"), "@Fallback(method");
  }

  @Test
  void aFallbackWithOtherParametersIsAnError() {
    assertOnlyError(model("""
          @Fallback(method = "cpu")
          public String predict(String x) { return x; }
          String cpu(Object x) { return ""; }
          String cpu(String x, String y) { return ""; }
        """), signature("predict(String)", "cpu",
        "does not take (String) or (String, Throwable)"), "@Fallback(method");
  }

  @Test
  void twoFittingOverloadsAreAnError() {
    assertOnlyError(model("""
          @Fallback(method = "cpu")
          public String predict(String x) { return x; }
          String cpu(String x) { return ""; }
          String cpu(String x, Exception e) { return ""; }
        """), Messages.fallbackSignature("predict(String)", "cpu",
        "is overloaded: 'cpu(String)' and 'cpu(String, Exception)' both fit", "Keep one of them."),
        "@Fallback(method");
  }

  @Test
  void aStaticFallbackOfAnInstanceMethodIsAnError() {
    assertOnlyError(model("""
          @Fallback(method = "cpu")
          public String predict(String x) { return x; }
          static String cpu(String x) { return ""; }
        """), signature("predict(String)", "cpu", "is static, but 'predict(String)' is not"),
        "@Fallback(method");
  }

  @Test
  void aPrivateFallbackIsAnErrorForAWrapperButNotForAWovenClass() {
    assertOnlyError(model("""
          @Fallback(method = "cpu")
          public String predict(String x) { return x; }
          private String cpu(String x) { return ""; }
        """), Messages.fallbackSignature("predict(String)", "cpu",
        "is private, so the generated subclass cannot call it",
        "Make it package-private or wider, or mark the class @Woven and apply decor with AspectJ"
            + " weaving."), "@Fallback(method");

    Compilation woven = compile(source("p.Weaved", """
        package p;
        import dev.decor.*;
        @Woven
        public class Weaved {
          @Fallback(method = "cpu")
          private static String predict(String x) { return x; }
          private static String cpu(String x, Throwable t) { return ""; }
        }
        """));
    assertThat(woven).succeededWithoutWarnings();
  }

  @Test
  void aFailureParameterThatCannotHoldEveryOnClassIsAnError() {
    assertOnlyError(model("""
          @Fallback(method = "cpu")
          public String predict(String x) { return x; }
          String cpu(String x, IOException e) { return ""; }
        """), Messages.fallbackSignature("predict(String)", "cpu",
        "takes IOException last, which cannot hold java.lang.Exception (listed in on)",
        "Take Throwable last, or narrow @Fallback(on)."), "@Fallback(method");
  }

  @Test
  void aReturnTypeThatDoesNotFitIsAnError() {
    assertOnlyError(model("""
          @Fallback(method = "cpu")
          public String predict(String x) { return x; }
          Object cpu(String x) { return ""; }
        """), signature("predict(String)", "cpu", "returns Object, not String"),
        "@Fallback(method");
    assertOnlyError(model("""
          @Fallback(method = "cpu")
          public CompletableFuture<String> predict(String x) { return null; }
          Integer cpu(String x) { return 1; }
        """), Messages.fallbackSignature("predict(String)", "cpu",
        "returns Integer, which is neither CompletableFuture nor its value String",
        Messages.fallbackDeclare("'CompletableFuture cpu(String)' or 'CompletableFuture cpu("
            + "String, Throwable)'")), "@Fallback(method");
  }

  @Test
  void aDecoratedFallbackIsAnError() {
    assertOnlyError(model("""
          @Fallback(method = "cpu")
          public String predict(String x) { return x; }
          @Timed
          public String cpu(String x) { return ""; }
        """), Messages.fallbackSignature("predict(String)", "cpu",
        "carries @Timed itself, but a fallback runs inside the chain of 'predict(String)'",
        "Remove @Timed from it; to decorate that work, move it to a decorated method the"
            + " fallback calls."), "@Fallback(method");
  }

  @Test
  void badValuesAreErrorsOnTheValue() {
    assertOnlyError(model("""
          @Fallback(method = "")
          public String predict(String x) { return x; }
        """), Messages.fallbackMethodName(""), "@Fallback(method");
    assertOnlyError(model("""
          @Fallback(method = "cpu", on = OutOfMemoryError.class)
          public String predict(String x) { return x; }
          String cpu(String x) { return ""; }
        """), Messages.fallbackOnError("java.lang.OutOfMemoryError"), "@Fallback(method");
    assertOnlyError(model("""
          @CircuitBreaker(failureRate = 0)
          public String predict(String x) { return x; }
        """), Messages.circuitBreakerPercent("failureRate", 0), "@CircuitBreaker(");
    assertOnlyError(model("""
          @CircuitBreaker(openFor = "0ms")
          public String predict(String x) { return x; }
        """), Messages.circuitBreakerOpenFor("0ms"), "@CircuitBreaker(");
  }

  @Test
  void aBreakerOnABatchedItemMethodIsAnErrorButAFallbackIsNot() {
    assertOnlyError(model("""
          @Batched(method = "predictAll") @CircuitBreaker
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
        """), Messages.batchedCombination("predict(Integer)", "CircuitBreaker"), "@Batched(");
    assertThat(compile(model("""
          @Batched(method = "predictAll") @Fallback(method = "one")
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
          String one(Integer x) { return "1"; }
        """))).succeededWithoutWarnings();
  }

  @Test
  void aStageSubtypeIsAnErrorForBothAnnotations() {
    String future = """
          public static class MyFuture<T> extends CompletableFuture<T> {}
        """;
    assertOnlyError(model(future + """
          @CircuitBreaker
          public MyFuture<String> predict(String x) { return null; }
        """), Messages.asyncReturnType("CircuitBreaker", "predict(String)", "MyFuture"),
        "@CircuitBreaker");
    assertOnlyError(model(future + """
          @Fallback(method = "cpu")
          public MyFuture<String> predict(String x) { return null; }
          MyFuture<String> cpu(String x) { return null; }
        """), Messages.asyncReturnType("Fallback", "predict(String)", "MyFuture"),
        "@Fallback(method");
  }
}
