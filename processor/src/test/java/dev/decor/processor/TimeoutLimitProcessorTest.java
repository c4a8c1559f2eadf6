package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.decor.processor.Compilations.assertOnlyError;
import static dev.decor.processor.Compilations.call;
import static dev.decor.processor.Compilations.compile;
import static dev.decor.processor.Compilations.load;
import static dev.decor.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.decor.DeadlineExceededException;
import dev.decor.cache.Caches;
import dev.decor.internal.Messages;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Timeout}, {@code @ConcurrencyLimit} and {@code @Retry(retryIf, maxDuration, log)} at
 * compile time: each error with its message on the line of the offending value or method, a clean
 * compile of every attribute, and generated wrappers that time out, limit and judge results.
 */
class TimeoutLimitProcessorTest {

  private static JavaFileObject service(String body) {
    return source("p.Service", """
        package p;
        import dev.decor.*;
        import java.util.List;
        import java.util.concurrent.CompletableFuture;
        import java.util.concurrent.CompletionStage;
        import java.util.function.Predicate;
        public class Service {
        %s
        }
        """.formatted(body));
  }

  private static final String PREDICATES = """
        public static final class Empty implements Predicate<String> {
          public boolean test(String s) { return s.isEmpty(); }
        }
        public static final class Negative implements Predicate<Number> {
          public boolean test(Number n) { return n.doubleValue() < 0; }
        }
      """;

  @Test
  void aTimeoutMustBePositive() {
    JavaFileObject src = service("""
          @Timeout("0ms")
          public String predict(String in) { return in; }
        """);
    assertOnlyError(src, Messages.timeoutValue("0ms"), "@Timeout(\"0ms\")");
  }

  @Test
  void aTimeoutMustBeADuration() {
    JavaFileObject src = service("""
          @Timeout("a while")
          public String predict(String in) { return in; }
        """);
    assertOnlyError(src, Messages.badDuration("@Timeout(value)", "a while"),
        "@Timeout(\"a while\")");
  }

  @Test
  void aTimedOutStageMustFitTheDeclaredType() {
    JavaFileObject src = service("""
          public static class Later<T> extends CompletableFuture<T> {}
          @Timeout("1s")
          public Later<String> predict(String in) { return new Later<>(); }
        """);
    assertOnlyError(src, Messages.asyncReturnType("Timeout", "predict(String)", "Later"),
        "@Timeout(\"1s\")");
  }

  @Test
  void aLimitMustAllowOneCall() {
    JavaFileObject src = service("""
          @ConcurrencyLimit(value = 0, maxWait = "20ms")
          public String forward(String in) { return in; }
        """);
    assertOnlyError(src, Messages.concurrencyLimitValue(0), "@ConcurrencyLimit(value = 0");
  }

  @Test
  void methodsOfOneCompilationGivingAGroupTwoValuesFailOnTheLaterValue() {
    JavaFileObject src = service("""
          @ConcurrencyLimit(value = 2, group = "gpu")
          public String forward(String in) { return in; }

          @ConcurrencyLimit(value = 4, group = "gpu")
          public String embed(String in) { return in; }
        """);
    assertOnlyError(src, Messages.concurrencyLimitGroup("gpu", "Service.embed(String)", 4,
        "Service.forward(String)", 2), "@ConcurrencyLimit(value = 4");
  }

  @Test
  void retryIfMustJudgeTheResultType() {
    JavaFileObject src = service(PREDICATES + """
          @Retry(retryIf = Negative.class)
          public String status(String id) { return id; }
        """);
    assertOnlyError(src, Messages.retryIfType("Negative", "Number", "status(String)",
        "returns String"), "@Retry(retryIf = Negative.class)");
  }

  @Test
  void retryIfJudgesAStagesValue() {
    JavaFileObject src = service(PREDICATES + """
          @Retry(retryIf = Negative.class)
          public CompletionStage<String> status(String id) { return null; }
        """);
    assertOnlyError(src, Messages.retryIfType("Negative", "Number", "status(String)",
        "completes its stage with String"), "@Retry(retryIf = Negative.class)");
  }

  @Test
  void retryIfNeedsAResult() {
    JavaFileObject src = service(PREDICATES + """
          @Retry(retryIf = Empty.class)
          public void clear() {}
        """);
    assertOnlyError(src, Messages.retryIfType("Empty", "String", "clear()",
        "returns nothing (void)"), "@Retry(retryIf = Empty.class)");
  }

  @Test
  void retryIfComparesGenericArguments() {
    JavaFileObject src = service("""
          public static final class NoInts implements Predicate<List<Integer>> {
            public boolean test(List<Integer> l) { return l.isEmpty(); }
          }
          @Retry(retryIf = NoInts.class)
          public List<String> names() { return List.of(); }
        """);
    assertOnlyError(src, Messages.retryIfType("NoInts", "List<Integer>", "names()",
        "returns List<String>"),
        "@Retry(retryIf = NoInts.class)");
  }

  @Test
  void retryIfMustBeACreatableClass() {
    JavaFileObject src = service("""
          public static final class Configured implements Predicate<String> {
            public Configured(String s) {}
            public boolean test(String s) { return false; }
          }
          @Retry(retryIf = Configured.class)
          public String status(String id) { return id; }
        """);
    assertOnlyError(src,
        Messages.retryIfClass("Configured", "has no public no-argument constructor"),
        "@Retry(retryIf = Configured.class)");
  }

  @Test
  void retryIfMustNotBeAnInnerClass() {
    JavaFileObject src = service("""
          public final class Inner implements Predicate<String> {
            public boolean test(String s) { return false; }
          }
          @Retry(retryIf = Inner.class)
          public String status(String id) { return id; }
        """);
    assertOnlyError(src, Messages.retryIfClass("Inner",
        "is an inner class, created only with an outer instance"), "@Retry(retryIf = Inner.class)");
  }

  @Test
  void aRecordPredicateIsCreatableAsTheEngineFindsIt() {
    JavaFileObject src = service("""
          public record Blank() implements Predicate<String> {
            public boolean test(String s) { return s.isBlank(); }
          }
          @Retry(retryIf = Blank.class)
          public String status(String id) { return id; }
        """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void aTimeBudgetMustBePositive() {
    JavaFileObject src = service("""
          @Retry(maxDuration = "0s")
          public String status(String id) { return id; }
        """);
    assertOnlyError(src, Messages.retryMaxDuration("0s"), "@Retry(maxDuration = \"0s\")");
  }

  @Test
  void aBatchedItemMethodTakesNoLimit() {
    JavaFileObject src = service("""
          @Batched(method = "all")
          @ConcurrencyLimit(2)
          public String one(String in) { return in; }
          public List<String> all(List<String> in) { return in; }
        """);
    assertOnlyError(src, Messages.batchedCombination("one(String)", "ConcurrencyLimit"),
        "@Batched(");
  }

  @Test
  void everyNewAttributeCompilesWithoutWarnings() {
    Compilation compilation = compile(service(PREDICATES + """
          @Timed
          @Retry(maxAttempts = 4, delay = "1ms", retryIf = Empty.class, maxDuration = "2s",
              log = true)
          @Timeout("250ms")
          @ConcurrencyLimit(value = 2, maxWait = "20ms", group = "gpu")
          public String predict(String in) { return in; }

          @ConcurrencyLimit(value = 2, group = "gpu")
          public CompletableFuture<String> predictAsync(String in) {
            return CompletableFuture.completedFuture(in);
          }

          @Retry(retryIf = Negative.class)
          public int count() { return 1; }

          @Retry(retryIf = Empty.class)
          public CompletableFuture<String> status() { return CompletableFuture.completedFuture(""); }
        """));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void theGeneratedWrapperTimesOutLimitsAndJudgesResults() throws Throwable {
    Compilation compilation = compile(source("p.Model", """
        package p;
        import dev.decor.*;
        import java.util.concurrent.CountDownLatch;
        import java.util.function.Predicate;
        public class Model {
          public static final class Empty implements Predicate<String> {
            public boolean test(String s) { return s.isEmpty(); }
          }
          private int polls;
          private final CountDownLatch never = new CountDownLatch(1);
          @Timeout("50ms")
          public String hang() throws InterruptedException { never.await(); return "never"; }
          @ConcurrencyLimit(value = 1)
          public String reenter() { return reenterOnce(); }
          @ConcurrencyLimit(value = 1)
          public String reenterOnce() { return "inner"; }
          @Retry(maxAttempts = 3, retryIf = Empty.class)
          public String poll() { return ++polls < 3 ? "" : "ready after " + polls; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    Object model = load(compilation).loadClass("p.DecoratedModel").getConstructor().newInstance();

    assertThatThrownBy(() -> call(model, "hang")).isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.timeout("Model.hang", "50ms"));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(call(model, "poll")).isEqualTo("ready after 3");
    assertThat(call(model, "reenterOnce")).isEqualTo("inner");
    // Each method has its own limit: the outer call's permit does not block the inner one.
    assertThat(call(model, "reenter")).isEqualTo("inner");
  }

  /**
   * A cached method with {@code @Timeout} or {@code @ConcurrencyLimit} inside its cache answers a
   * hit from its key class before anything else (the hit skips both, as in the chain), and a miss
   * that times out is not cached; with {@code @Fallback} outside the cache the wrapper takes the
   * chain for every call, and a hit is still a hit.
   */
  @Test
  void aCachedMethodWithTimeoutOrFallbackKeepsItsOrder() throws Throwable {
    Compilation compilation = compile(source("p.Lookup", """
        package p;
        import dev.decor.*;
        import java.util.concurrent.CountDownLatch;
        public class Lookup {
          private final CountDownLatch never = new CountDownLatch(1);
          private int calls;
          @Cached
          @Timeout("50ms")
          @ConcurrencyLimit(1)
          public String find(String id, int version) throws InterruptedException {
            calls++;
            if (id.equals("slow")) {
              never.await();
            }
            return id + version;
          }
          @Cached
          @Fallback(method = "none")
          public String guarded(String id) {
            calls++;
            if (id.isEmpty()) {
              throw new IllegalArgumentException("empty");
            }
            return id.toUpperCase();
          }
          String none(String id) { return "none"; }
          public int calls() { return calls; }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    String wrapper = compilation.generatedSourceFile("p.DecoratedLookup").orElseThrow()
        .getCharContent(true).toString();
    String find = wrapper.substring(wrapper.indexOf("public String find("),
        wrapper.indexOf("public String guarded("));
    String guarded = wrapper.substring(wrapper.indexOf("public String guarded("));
    assertThat(find).contains("new $Key_find(").contains(".cachedHit(");
    assertThat(guarded).doesNotContain("cachedHit");
    Object lookup = load(compilation).loadClass("p.DecoratedLookup").getConstructor()
        .newInstance();

    assertThatThrownBy(() -> call(lookup, "find", "slow", 1))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage(Messages.timeout("Lookup.find", "50ms"));
    assertThat(call(lookup, "find", "a", 1)).isEqualTo("a1");
    assertThat(call(lookup, "find", "a", 1)).isEqualTo("a1");
    assertThat(call(lookup, "find", "a", 2)).isEqualTo("a2");
    assertThatThrownBy(() -> call(lookup, "find", "slow", 1))
        .isInstanceOf(DeadlineExceededException.class);
    assertThat(call(lookup, "calls")).isEqualTo(4);
    assertThat(Caches.stats("Lookup.find").hits()).isEqualTo(1);

    assertThat(call(lookup, "guarded", "b")).isEqualTo("B");
    assertThat(call(lookup, "guarded", "b")).isEqualTo("B");
    assertThat(call(lookup, "guarded", "")).isEqualTo("none");
    assertThat(call(lookup, "guarded", "")).isEqualTo("none");
    // The fallback's answer is never cached: each failing call runs the method again.
    assertThat(call(lookup, "calls")).isEqualTo(7);
    assertThat(Caches.stats("Lookup.guarded").hits()).isEqualTo(1);
  }
}
