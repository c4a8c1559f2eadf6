package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.decor.processor.Compilations.compile;
import static dev.decor.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.decor.internal.Messages;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Representative sources compile without a single warning (all lints on), generated code
 * included; and the one warning decor gives, for a cache key that can never hit.
 */
class CleanCompileTest {

  private static void assertCleanWith(JavaFileObject source, String... wrappers) {
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    for (String wrapper : wrappers) {
      assertThat(compilation).generatedSourceFile(wrapper);
    }
  }

  @Test
  void classWithEveryDecorator() {
    assertCleanWith(Samples.SERVICE, "p.DecoratedEmbeddingService");
  }

  @Test
  void interfaceWithAbstractAndDefaultMethods() {
    assertCleanWith(Samples.MODEL, "p.DecoratedModel");
  }

  @Test
  void genericsVarargsAndCheckedExceptions() {
    assertCleanWith(Samples.GENERICS, "p.DecoratedRepository");
  }

  @Test
  void nestedClassAndInterface() {
    assertCleanWith(Samples.NESTED, "p.DecoratedOuter_Inner", "p.DecoratedOuter_Lookup");
  }

  @Test
  void overloadedMethods() {
    assertCleanWith(Samples.OVERLOADS, "p.DecoratedScorer");
  }

  @Test
  void abstractClassGetsAnAbstractWrapper() {
    assertCleanWith(source("p.Job", """
        package p;
        import dev.decor.Timed;
        public abstract class Job {
          @Timed
          public String run() { return step(); }
          protected abstract String step();
        }
        """), "p.DecoratedJob");
  }

  @Test
  void inheritedAnnotatedMethodsAreDecoratedInTheSubclassWrapper() {
    Compilation compilation = compile(
        source("p.Parent", """
            package p;
            import dev.decor.Cached;
            import dev.decor.Timed;
            import java.util.List;
            public class Parent<T> {
              @Cached
              public T first(List<T> items) { return items.get(0); }
              @Timed
              public <R extends T> R pick(R item) { return item; }
            }
            """),
        source("p.Child", """
            package p;
            import dev.decor.Timed;
            public class Child extends Parent<String> {
              @Timed
              public String own() { return "own"; }
            }
            """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.DecoratedParent");
    assertThat(compilation)
        .generatedSourceFile("p.DecoratedChild")
        .contentsAsUtf8String()
        .contains("public String first(List<String> items)");
    assertThat(compilation)
        .generatedSourceFile("p.DecoratedChild")
        .contentsAsUtf8String()
        .contains("public <R extends String> R pick(R item)");
  }

  @Test
  void genericInterfaceWithGenericMethods() {
    assertCleanWith(source("p.Store", """
        package p;
        import dev.decor.Retry;
        import dev.decor.Timed;
        import java.io.IOException;
        import java.util.Map;
        import java.util.function.Function;
        public interface Store<K, V extends Comparable<V>> {
          @Retry(retryOn = IOException.class)
          V get(K key) throws IOException;
          @Timed
          default <R> Map<K, R> mapAll(Function<? super V, ? extends R> f, String... keys) {
            return Map.of();
          }
          void put(K key, V value);
        }
        """), "p.DecoratedStore");
  }

  @Test
  void everyKindOfReturnType() {
    assertCleanWith(source("p.Returns", """
        package p;
        import dev.decor.Cached;
        import dev.decor.NoGrad;
        import dev.decor.Retry;
        import dev.decor.Timed;
        import java.util.Iterator;
        import java.util.List;
        import java.util.Optional;
        import java.util.concurrent.CompletableFuture;
        import java.util.concurrent.CompletionStage;
        import java.util.stream.Stream;
        public class Returns<T> {
          @Timed public boolean flag() { return true; }
          @Timed public char letter() { return 'a'; }
          @Timed public byte small() { return 1; }
          @Cached public long big(long x) { return x; }
          @Cached public double[] doubles() { return new double[0]; }
          @Cached public int[][] grid(int n) { return new int[n][n]; }
          @Cached public Optional<T> maybe(T t) { return Optional.ofNullable(t); }
          @Retry public CompletionStage<String> async() { return CompletableFuture.completedFuture(""); }
          @Timed public CompletableFuture<Void> done() { return CompletableFuture.completedFuture(null); }
          @NoGrad public Stream<T> stream(List<T> items) { return items.stream(); }
          @NoGrad public Iterator<? extends T> iterator(List<T> items) { return items.iterator(); }
          @NoGrad public Iterable<T> iterable(List<T> items) { return items; }
          @Timed public Object anything() { return this; }
          @Timed public T[] array(T[] in) { return in; }
          @Timed public <E extends Enum<E>> E first(Class<E> type) { return type.getEnumConstants()[0]; }
        }
        """), "p.DecoratedReturns");
  }

  @Test
  void anotherLibrarysTimedInALocalClassIsNotDecors() {
    assertCleanWith(source("p.Jobs", """
        package p;
        import dev.decor.Cached;
        import io.micrometer.core.annotation.Timed;
        public class Jobs {
          @Cached
          public String name(int id) { return "job" + id; }
          Runnable task() {
            class Local implements Runnable {
              @Timed
              @Override
              public void run() {}
            }
            return new Local();
          }
        }
        """), "p.DecoratedJobs");
  }

  @Test
  void cachedParameterWithIdentityEqualsWarnsOnTheParameter() {
    JavaFileObject src = source("p.Labeler", """
        package p;
        import dev.decor.Cached;
        public class Labeler {
          public static class Image {
            byte[] pixels;
          }
          @Cached
          public String label(
              Image image,
              String language) {
            return language;
          }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    String message = Messages.cachedIdentityKey("image", "Image");
    assertThat(compilation)
        .hadWarningContaining(message.substring(message.indexOf("] ") + 2))
        .inFile(src)
        .onLineContaining("Image image,");
  }

  @Test
  void cachedParametersWithValueEqualityDoNotWarn() {
    assertCleanWith(source("p.Keys", """
        package p;
        import dev.decor.Cached;
        import java.nio.ByteBuffer;
        import java.util.List;
        import java.util.Map;
        import java.util.concurrent.TimeUnit;
        public class Keys<T> {
          public record Point(int x, int y) {}
          public static class Named {
            @Override public boolean equals(Object o) { return o instanceof Named; }
            @Override public int hashCode() { return 1; }
          }
          public static class SubNamed extends Named {}
          @Cached
          public String key(int i, Integer boxed, String s, float[] floats, Object[][] nested,
              ByteBuffer buffer, List<String> list, Map<String, Integer> map, CharSequence chars,
              TimeUnit unit, Point point, T t, Number number, Object any, Class<?> type,
              SubNamed named, Runnable task) {
            return "";
          }
        }
        """), "p.DecoratedKeys");
  }
}
