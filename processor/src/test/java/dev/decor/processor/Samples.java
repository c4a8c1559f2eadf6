package dev.decor.processor;

import static dev.decor.processor.Compilations.source;

import javax.tools.JavaFileObject;

/** Representative annotated sources, shared by the clean-compile and golden tests. */
final class Samples {
  private Samples() {}

  /** A class using every decorator, with constructors and a checked exception. */
  static final JavaFileObject SERVICE = source("p.EmbeddingService", """
      package p;

      import dev.decor.Cached;
      import dev.decor.InferenceMode;
      import dev.decor.Retry;
      import dev.decor.Timed;
      import java.io.IOException;

      public class EmbeddingService {
        private final String model;

        public EmbeddingService(String model) {
          this.model = model;
        }

        protected EmbeddingService() {
          this("default");
        }

        @Timed(log = true)
        @Cached(maxSize = 1024, expireAfterWrite = "10m")
        @Retry(maxAttempts = 5, delay = "100ms", multiplier = 2, ignore = IllegalArgumentException.class)
        @InferenceMode
        public float[] embed(String text) throws IOException {
          return new float[] {text.length(), model.length()};
        }

        @Timed("embeddings.warmup")
        void warmUp() {}

        public String model() {
          return model;
        }
      }
      """);

  /** An interface with annotated abstract and default methods and a plain one. */
  static final JavaFileObject MODEL = source("p.Model", """
      package p;

      import dev.decor.Cached;
      import dev.decor.NoGrad;
      import dev.decor.Timed;
      import java.util.List;

      public interface Model {
        @Cached
        @NoGrad
        float[] predict(float[] input);

        @Timed
        default List<float[]> predictAll(List<float[]> inputs) {
          return inputs.stream().map(this::predict).toList();
        }

        String name();

        static Model constant(float value) {
          return new Model() {
            @Override public float[] predict(float[] input) { return new float[] {value}; }
            @Override public String name() { return "constant"; }
          };
        }
      }
      """);

  /** Class and method type variables, varargs, checked and type-variable exceptions. */
  static final JavaFileObject GENERICS = source("p.Repository", """
      package p;

      import dev.decor.Cached;
      import dev.decor.Retry;
      import java.io.IOException;
      import java.util.List;
      import java.util.Map;
      import java.util.concurrent.TimeoutException;

      public class Repository<K extends Comparable<K>, V> {
        private final Map<K, V> store;

        public Repository(Map<K, V> store) {
          this.store = store;
        }

        @Cached
        public V get(K key) throws IOException {
          return store.get(key);
        }

        @Retry(retryOn = {IOException.class, TimeoutException.class})
        public <X extends Exception> List<V> getAll(Class<X> failure, String... keys)
            throws X, IOException, TimeoutException {
          return List.of();
        }

        @Retry(maxAttempts = 2)
        protected void putAll(Map<? extends K, ? extends V> entries) throws Exception {
          store.putAll(entries);
        }
      }
      """);

  /** A static nested class and a nested interface. */
  static final JavaFileObject NESTED = source("p.Outer", """
      package p;

      import dev.decor.Cached;
      import dev.decor.Timed;

      public class Outer {
        public static class Inner {
          @Timed
          public int size(String s) {
            return s.length();
          }
        }

        interface Lookup {
          @Cached(name = "lookup")
          String find(int id);
        }
      }
      """);

  /** Annotated overloads: one chain field each. */
  static final JavaFileObject OVERLOADS = source("p.Scorer", """
      package p;

      import dev.decor.Cached;
      import dev.decor.Timed;

      public class Scorer {
        @Timed
        public double score(String text) {
          return text.length();
        }

        @Timed
        @Cached
        public double score(String text, int[] weights) {
          return text.length() * weights.length;
        }

        public double score(char c) {
          return c;
        }
      }
      """);

  /** Fast paths: grad-only methods (primitive, void, reference, generator results), a cache first. */
  static final JavaFileObject FAST_PATHS = source("p.Encoder", """
      package p;

      import dev.decor.Cached;
      import dev.decor.InferenceMode;
      import dev.decor.NoGrad;
      import dev.decor.grad.Trainable;
      import java.io.IOException;
      import java.util.Iterator;
      import java.util.List;

      public class Encoder implements Trainable {
        private boolean training;

        @NoGrad
        public float score(float[] x) {
          return x.length;
        }

        @NoGrad
        public void warmUp() throws IOException {}

        @InferenceMode
        public Iterator<float[]> stream(List<float[]> inputs) {
          return inputs.iterator();
        }

        @Cached
        @NoGrad
        public String label(int id) {
          return "label-" + id;
        }

        @Override
        public boolean isTraining() {
          return training;
        }

        @Override
        public void setTraining(boolean training) {
          this.training = training;
        }
      }
      """);

  /**
   * {@code @Retry} alone with {@code retryIf} or {@code maxDuration}: the judged attempt loop,
   * for a primitive result and a void method.
   */
  static final JavaFileObject JUDGED_RETRY = source("p.Poller", """
      package p;

      import dev.decor.Retry;
      import java.io.IOException;
      import java.util.function.Predicate;

      public class Poller {
        public static final class NotANumber implements Predicate<Float> {
          @Override
          public boolean test(Float score) {
            return score.isNaN();
          }
        }

        @Retry(retryIf = NotANumber.class)
        public float score(float[] x) {
          return x.length;
        }

        @Retry(maxAttempts = 5, maxDuration = "2s")
        public void flush() throws IOException {}
      }
      """);
}
