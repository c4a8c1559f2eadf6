package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.decor.processor.Compilations.call;
import static dev.decor.processor.Compilations.compile;
import static dev.decor.processor.Compilations.load;
import static dev.decor.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.decor.Decorated;
import dev.decor.cache.Caches;
import dev.decor.grad.GradMode;
import dev.decor.grad.Trainable;
import dev.decor.timing.Timings;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Compiles annotated sources, loads the generated wrappers and calls them. */
class GeneratedWrapperBehaviourTest {

  private static ClassLoader compileAndLoad(JavaFileObject... sources) {
    Compilation compilation = compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    return load(compilation);
  }

  private static Object newInstance(ClassLoader loader, String name, Object... args)
      throws Exception {
    Class<?> type = loader.loadClass(name);
    for (var constructor : type.getConstructors()) {
      if (constructor.getParameterCount() == args.length) {
        return constructor.newInstance(args);
      }
    }
    throw new NoSuchMethodException(name);
  }

  @Test
  void retriesUntilSuccessThroughTheSubclass() throws Throwable {
    ClassLoader loader = compileAndLoad(source("p.Flaky", """
        package p;
        import dev.decor.Retry;
        public class Flaky {
          private int calls;
          @Retry(maxAttempts = 3)
          public String fetch(String key) {
            if (++calls < 3) {
              throw new IllegalStateException("attempt " + calls);
            }
            return key + calls;
          }
          public int calls() { return calls; }
        }
        """));
    Object flaky = newInstance(loader, "p.DecoratedFlaky");

    assertThat(flaky).isInstanceOf(Decorated.class);
    assertThat(call(flaky, "fetch", "k")).isEqualTo("k3");
    assertThat(call(flaky, "calls")).isEqualTo(3);
  }

  @Test
  void rethrowsTheLastCheckedExceptionUnwrapped() throws Throwable {
    ClassLoader loader = compileAndLoad(source("p.Broken", """
        package p;
        import dev.decor.Retry;
        import java.io.IOException;
        public class Broken {
          private int calls;
          @Retry(maxAttempts = 2)
          public byte[] read(String path) throws IOException {
            throw new IOException("failure " + ++calls);
          }
        }
        """));
    Object broken = newInstance(loader, "p.DecoratedBroken");

    assertThatThrownBy(() -> call(broken, "read", "x"))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("failure 2");
  }

  @Test
  void cachedMethodHitsOnEqualArguments() throws Throwable {
    ClassLoader loader = compileAndLoad(source("p.Squares", """
        package p;
        import dev.decor.Cached;
        public class Squares {
          private int calls;
          @Cached
          public long square(int x) {
            calls++;
            return (long) x * x;
          }
          public int calls() { return calls; }
        }
        """));
    Object squares = newInstance(loader, "p.DecoratedSquares");

    assertThat(call(squares, "square", 7)).isEqualTo(49L);
    assertThat(call(squares, "square", 7)).isEqualTo(49L);
    assertThat(call(squares, "square", 8)).isEqualTo(64L);

    assertThat(call(squares, "calls")).isEqualTo(2);
    assertThat(Caches.stats("Squares.square").hits()).isEqualTo(1);
    assertThat(Caches.stats("Squares.square").misses()).isEqualTo(2);
  }

  @Test
  void selfInvocationGoesThroughBothChains() throws Throwable {
    ClassLoader loader = compileAndLoad(source("p.Pipeline", """
        package p;
        import dev.decor.Cached;
        import dev.decor.Timed;
        public class Pipeline {
          private int embeds;
          @Timed
          public String run(String text) {
            return embed(text) + "/" + embed(text);
          }
          @Cached
          public String embed(String text) {
            embeds++;
            return text.toUpperCase();
          }
          public int embeds() { return embeds; }
        }
        """));
    Object pipeline = newInstance(loader, "p.DecoratedPipeline");

    assertThat(call(pipeline, "run", "ab")).isEqualTo("AB/AB");

    assertThat(Timings.stats("Pipeline.run").count()).isEqualTo(1);
    assertThat(call(pipeline, "embeds")).isEqualTo(1);
    assertThat(Caches.stats("Pipeline.embed").hits()).isEqualTo(1);
  }

  @Test
  void interfaceWrapperDecoratesAndForwardsToTheDelegate() throws Throwable {
    ClassLoader loader = compileAndLoad(
        source("p.Embedder", """
            package p;
            import dev.decor.Cached;
            public interface Embedder {
              @Cached(name = "Embedder.embed.test")
              float[] embed(String text);
              String modelName();
            }
            """),
        source("p.CountingEmbedder", """
            package p;
            public class CountingEmbedder implements Embedder {
              public int calls;
              @Override public float[] embed(String text) {
                calls++;
                return new float[] {text.length()};
              }
              @Override public String modelName() { return "counting"; }
              public int calls() { return calls; }
            }
            """));
    Object delegate = newInstance(loader, "p.CountingEmbedder");
    Object wrapped = loader.loadClass("p.DecoratedEmbedder")
        .getMethod("wrap", loader.loadClass("p.Embedder"))
        .invoke(null, delegate);

    assertThat(wrapped).isInstanceOf(Decorated.class);
    assertThat((float[]) call(wrapped, "embed", "abc")).containsExactly(3f);
    assertThat((float[]) call(wrapped, "embed", "abc")).containsExactly(3f);
    assertThat(call(wrapped, "modelName")).isEqualTo("counting");

    assertThat(call(delegate, "calls")).isEqualTo(1);
    assertThat(Caches.stats("Embedder.embed.test").hits()).isEqualTo(1);
  }

  @Test
  void inferenceModeOnAnInterfaceSwitchesATrainableDelegateToEval() throws Throwable {
    ClassLoader loader = compileAndLoad(
        source("p.Classifier", """
            package p;
            import dev.decor.InferenceMode;
            public interface Classifier {
              @InferenceMode
              String classify(String input);
            }
            """),
        source("p.Net", """
            package p;
            import dev.decor.grad.GradMode;
            import dev.decor.grad.Trainable;
            public class Net implements Classifier, Trainable {
              private boolean training = true;
              @Override public boolean isTraining() { return training; }
              @Override public void setTraining(boolean training) { this.training = training; }
              @Override public String classify(String input) {
                return "training=" + training + ", grad=" + GradMode.isEnabled();
              }
            }
            """));
    Object net = newInstance(loader, "p.Net");
    Object wrapped = newInstance(loader, "p.DecoratedClassifier", net);

    assertThat(call(wrapped, "classify", "x")).isEqualTo("training=false, grad=false");
    assertThat(((Trainable) net).isTraining()).isTrue();
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void genericsVarargsAndCheckedExceptionsSurviveTheOverride() throws Throwable {
    ClassLoader loader = compileAndLoad(source("p.Box", """
        package p;
        import dev.decor.Cached;
        import dev.decor.Timed;
        import java.io.IOException;
        import java.util.ArrayList;
        import java.util.List;
        public class Box<T> {
          private final T label;
          public Box(T label) { this.label = label; }
          @Timed
          @Cached
          public <R extends Comparable<R>> List<String> tag(R first, String... rest)
              throws IOException {
            if (first == null) {
              throw new IOException("no first");
            }
            List<String> out = new ArrayList<>();
            out.add(label + ":" + first);
            out.addAll(List.of(rest));
            return out;
          }
        }
        """));
    Object box = newInstance(loader, "p.DecoratedBox", "L");

    assertThat(call(box, "tag", "a", new String[] {"1", "2"}))
        .isEqualTo(List.of("L:a", "1", "2"));
    assertThatThrownBy(() -> call(box, "tag", null, new String[0]))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("no first");
  }

  @Test
  void interfaceWrappersOfOneDelegateShareItsCacheEntries() throws Throwable {
    ClassLoader loader = compileAndLoad(source("p.Tokenizer", """
        package p;
        import dev.decor.Cached;
        public interface Tokenizer {
          @Cached(name = "Tokenizer.count.shared")
          int count(String text);
        }
        """));
    Class<?> tokenizer = loader.loadClass("p.Tokenizer");
    int[] calls = {0};
    Object delegate = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {tokenizer},
        (proxy, method, args) -> {
          calls[0]++;
          return ((String) args[0]).length();
        });
    Object first = newInstance(loader, "p.DecoratedTokenizer", delegate);
    Object second = newInstance(loader, "p.DecoratedTokenizer", delegate);

    assertThat(call(first, "count", "abcd")).isEqualTo(4);
    assertThat(call(second, "count", "abcd")).isEqualTo(4);

    assertThat(calls[0]).isEqualTo(1);
    assertThat(Caches.stats("Tokenizer.count.shared").hits()).isEqualTo(1);
  }

  @Test
  void annotatedOverloadsAreNamedAfterTheUserClassWithParameterTypes() throws Throwable {
    ClassLoader loader = compileAndLoad(source("p.Ranker", """
        package p;
        import dev.decor.Timed;
        public class Ranker {
          @Timed
          public double rank(String text) { return text.length(); }
          @Timed
          public double rank(String text, float[] weights) { return weights.length; }
        }
        """));
    Object ranker = newInstance(loader, "p.DecoratedRanker");
    Class<?> type = ranker.getClass();

    type.getMethod("rank", String.class).invoke(ranker, "abc");
    type.getMethod("rank", String.class, float[].class).invoke(ranker, "abc", new float[2]);
    type.getMethod("rank", String.class, float[].class).invoke(ranker, "abc", new float[2]);

    assertThat(Timings.stats("Ranker.rank(String)").count()).isEqualTo(1);
    assertThat(Timings.stats("Ranker.rank(String,float[])").count()).isEqualTo(2);
  }

  @Test
  void nestedClassWrapperMirrorsConstructors() throws Throwable {
    ClassLoader loader = compileAndLoad(source("p.Registry", """
        package p;
        import dev.decor.Cached;
        public class Registry {
          public static class Entry {
            private final String prefix;
            public Entry(String prefix, int... ignored) { this.prefix = prefix; }
            @Cached
            public String name(int id) { return prefix + id; }
          }
        }
        """));
    Object entry = loader.loadClass("p.DecoratedRegistry_Entry")
        .getConstructor(String.class, int[].class)
        .newInstance("e", new int[0]);

    assertThat(call(entry, "name", 7)).isEqualTo("e7");
    assertThat(call(entry, "name", 7)).isEqualTo("e7");
    assertThat(Caches.stats("Entry.name").hits()).isEqualTo(1);
  }

  @Test
  void asyncAndStreamResultsKeepTheirDeclaredTypes() throws Throwable {
    ClassLoader loader = compileAndLoad(source("p.Feeds", """
        package p;
        import dev.decor.NoGrad;
        import dev.decor.Retry;
        import dev.decor.grad.GradMode;
        import java.util.concurrent.CompletableFuture;
        import java.util.stream.Stream;
        public class Feeds {
          private int attempts;
          @Retry(maxAttempts = 2)
          public CompletableFuture<String> fetch() {
            return ++attempts < 2
                ? CompletableFuture.failedFuture(new IllegalStateException("first"))
                : CompletableFuture.completedFuture("ok after " + attempts);
          }
          @NoGrad
          public Stream<Boolean> gradWhileProducing() {
            return Stream.generate(GradMode::isEnabled).limit(2);
          }
        }
        """));
    Object feeds = newInstance(loader, "p.DecoratedFeeds");

    Object future = call(feeds, "fetch");
    assertThat(future).isInstanceOf(CompletableFuture.class);
    assertThat(((CompletableFuture<?>) future).join()).isEqualTo("ok after 2");
    List<?> grads = ((Stream<?>) call(feeds, "gradWhileProducing")).toList();
    assertThat(grads).isEqualTo(List.of(false, false));
    assertThat(GradMode.isEnabled()).isTrue();
  }
}
