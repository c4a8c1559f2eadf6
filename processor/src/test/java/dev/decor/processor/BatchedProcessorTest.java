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
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Batched} in generated mode: one compile error per misuse (message and line), and a
 * generated wrapper that batches through the receiver's batch method, its own decorators applied.
 */
class BatchedProcessorTest {

  private static JavaFileObject model(String body) {
    return source("p.Model", """
        package p;
        import dev.decor.*;
        import java.util.*;
        import java.util.concurrent.*;
        public class Model {
        %s
        }
        """.formatted(body));
  }

  /** What a {@code @Batched} wrapper may reference beyond {@link GeneratedSurfaceTest#SURFACE}. */
  private static final Set<String> BATCHED_SURFACE = Set.of(
      "dev.decor.Batched", "dev.decor.engine.internal.Chain.invokeBatched", "dev.decor.batch.BatchMethod",
      "dev.decor.spec.BatchedSpec", "dev.decor.spec.BatchedSpec.builder",
      "dev.decor.spec.BatchedSpec.Builder", "dev.decor.spec.BatchedSpec.Builder.method",
      "dev.decor.spec.BatchedSpec.Builder.maxSize", "dev.decor.spec.BatchedSpec.Builder.maxWait",
      "dev.decor.spec.BatchedSpec.Builder.maxConcurrency",
      "dev.decor.spec.BatchedSpec.Builder.queueCapacity",
      "dev.decor.spec.BatchedSpec.Builder.eager",
      "dev.decor.spec.BatchedSpec.Builder.build");

  @Test
  void aBatchedWrapperReferencesOnlyTheDocumentedSurface() throws IOException {
    Compilation compilation = compile(model("""
          @Batched(method = "predictAll", maxSize = 2, maxWait = "1s", maxConcurrency = 2,
              queueCapacity = 9, eager = true)
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    GeneratedSurfaceTest.assertExtraSurface(compilation, BATCHED_SURFACE);
  }

  @Test
  void aMissingBatchMethodIsAnErrorOnTheAttribute() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll")
          public String predict(Integer x) { return ""; }
        """);
    assertOnlyError(src, Messages.batchMethod("predict(Integer)", "predictAll", "does not exist",
        "'List<String> predictAll(List<Integer>)'"), "@Batched(method");
  }

  @Test
  void aBatchMethodOfOtherTypesIsAnError() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll")
          public String predict(int x) { return ""; }
          public List<Long> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.batchMethod("predict(int)", "predictAll",
        "does not take List<Integer> and return List<String>",
        "'List<String> predictAll(List<Integer>)'"), "@Batched(method");
  }

  @Test
  void aStaticBatchMethodOfAnInstanceMethodIsAnErrorSayingSo() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll")
          public String predict(Integer x) { return ""; }
          public static List<String> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.batchMethod("predict(Integer)", "predictAll",
        "is static (decor calls it on the receiver of the batched calls)",
        "'List<String> predictAll(List<Integer>)'"), "@Batched(method");
  }

  @Test
  void aCompletableFutureSubtypeIsOneErrorWithoutABatchMethodAdvice() {
    JavaFileObject src = model("""
          public static class Later<T> extends CompletableFuture<T> {}
          @Batched(method = "predictAll")
          public Later<String> predict(Integer x) { return null; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.asyncReturnType("Batched", "predict(Integer)", "Later"),
        "@Batched(method");
  }

  @Test
  void aCheckedExceptionOfTheBatchMethodThatTheMethodDoesNotDeclareIsAnError() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll")
          public String predict(Integer x) throws java.io.FileNotFoundException { return ""; }
          public List<String> predictAll(List<Integer> xs)
              throws java.io.IOException, InterruptedException { return List.of(); }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    for (String thrown : List.of("IOException", "InterruptedException")) {
      assertThat(compilation).hadErrorContaining(Messages.batchThrows("predict(Integer)",
          "predictAll", thrown)).inFile(src).onLineContaining("@Batched(method");
    }
  }

  @Test
  void aCheckedExceptionTheMethodDeclaresOrItsFutureCarriesIsFine() {
    assertThat(compile(model("""
          @Batched(method = "predictAll")
          public String predict(Integer x) throws java.io.IOException { return ""; }
          @Batched(method = "predictAll")
          public CompletableFuture<String> predictLater(Integer x) { return null; }
          public List<String> predictAll(List<Integer> xs)
              throws java.io.FileNotFoundException { return List.of(); }
        """))).succeededWithoutWarnings();
  }

  @Test
  void aPrivateBatchMethodIsAnError() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll")
          public CompletableFuture<String> predict(Integer x) { return null; }
          private List<String> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.batchMethod("predict(Integer)", "predictAll",
        "is private (decor calls it through the receiver)",
        "'List<String> predictAll(List<Integer>)'"), "@Batched(method");
  }

  @Test
  void aBatchedMethodTakesExactlyOneItem() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll")
          public String predict(Integer x, Integer y) { return ""; }
        """);
    assertOnlyError(src, Messages.batchedSignature("predict(Integer, Integer)"), "@Batched(");
  }

  @Test
  void retryBesideBatchedIsAnError() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll") @Retry
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.batchedCombination("predict(Integer)", "Retry"), "@Batched(");
  }

  @Test
  void aMaxSizeBelowOneIsAnErrorOnTheValue() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll", maxSize = 0)
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.batchedAtLeastOne("maxSize", 0), "maxSize = 0");
  }

  @Test
  void aBadQueueTimeoutIsAnErrorOnTheValue() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll", queueTimeout = "soon")
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.badDuration("@Batched(queueTimeout)", "soon"),
        "queueTimeout = \"soon\"");
  }

  @Test
  void preferredSizesMustBeAscendingWholeNumbers() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll", preferredSizes = "16, 8")
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.batchedPreferredSizes("16, 8", "is not ascending"),
        "preferredSizes = ");
  }

  @Test
  void aPreferredSizeAboveMaxSizeIsAnError() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll", maxSize = 16,
              preferredSizes = "8, 32")
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.batchedPreferredSizes("8, 32", "lists 32, above maxSize 16"),
        "preferredSizes = ");
  }

  @Test
  void aNegativeMaxCostIsAnErrorOnTheValue() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll", maxCost = -1, cost = "size")
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
          long size(Integer x) { return x; }
        """);
    assertOnlyError(src, Messages.batchedAtLeastZero("maxCost", -1), "maxCost = -1");
  }

  @Test
  void maxCostWithoutACostMethodIsAnError() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll",
              maxCost = 100)
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
        """);
    assertOnlyError(src, Messages.batchCostMissing("predict(Integer)"),
        "maxCost = 100");
  }

  @Test
  void aCostMethodWithoutMaxCostIsAnError() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll",
              cost = "size")
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
          long size(Integer x) { return x; }
        """);
    assertOnlyError(src, Messages.batchCostWithoutMaxCost("predict(Integer)", "size"),
        "cost = \"size\"");
  }

  @Test
  void aCostMethodOfTheWrongShapeIsAnError() {
    JavaFileObject src = model("""
          @Batched(method = "predictAll", maxCost = 100,
              cost = "size")
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
          private double size(Integer x) { return x; }
        """);
    assertOnlyError(src, Messages.batchCostNotFound("predict(Integer)", "size", "Integer"),
        "cost = \"size\"");
  }

  @Test
  void everySchedulingAttributeCompilesWithoutWarnings() {
    Compilation compilation = compile(model("""
          @Batched(method = "predictAll", maxSize = 32, queueTimeout = "50ms",
              preferredSizes = "8, 16, 32", maxCost = 4096, cost = "size", adaptive = true)
          @Timeout("1s")
          public String predict(Integer x) { return ""; }
          public List<String> predictAll(List<Integer> xs) { return List.of(); }
          int size(Integer x) { return x; }
        """));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theWrapperBatchesThroughTheReceiversDecoratedBatchMethod() throws Throwable {
    Compilation compilation = compile(model("""
          public final List<Integer> sizes = new CopyOnWriteArrayList<>();
          public final List<Boolean> gradEnabled = new CopyOnWriteArrayList<>();

          @Batched(method = "predictAll", maxWait = "1ms") @Timed
          public String predict(int x) { throw new AssertionError("never runs"); }

          @Batched(method = "predictAll", maxSize = 4, maxWait = "1h")
          public CompletableFuture<String> predictAsync(Integer x) {
            throw new AssertionError("never runs");
          }

          @NoGrad
          public List<String> predictAll(List<Integer> xs) {
            sizes.add(xs.size());
            gradEnabled.add(dev.decor.grad.GradMode.isEnabled());
            List<String> out = new ArrayList<>();
            for (Integer x : xs) out.add("r" + x);
            return out;
          }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    Object model = load(compilation).loadClass("p.DecoratedModel").getConstructor().newInstance();
    List<CompletableFuture<?>> futures = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add((CompletableFuture<?>) call(model, "predictAsync", i));
    }
    for (int i = 0; i < 8; i++) {
      assertThat(futures.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("r" + i);
    }
    assertThat(call(model, "predict", 9)).isEqualTo("r9");
    assertThat((List<Object>) model.getClass().getField("sizes").get(model)).startsWith(4, 4);
    assertThat((List<Object>) model.getClass().getField("gradEnabled").get(model))
        .containsOnly(false);
  }
}
