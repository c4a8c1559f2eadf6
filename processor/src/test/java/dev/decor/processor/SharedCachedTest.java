package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.decor.processor.Compilations.assertOnlyError;
import static dev.decor.processor.Compilations.call;
import static dev.decor.processor.Compilations.compile;
import static dev.decor.processor.Compilations.load;
import static dev.decor.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.decor.CacheNamespace;
import dev.decor.internal.Messages;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Cached(shared = true)}: keys that mean the same in every JVM. Each parameter type the
 * shared key cannot encode is a {@code [decor/SharedKey]} error on that parameter, naming the path
 * to the offending part; an instance method whose class has no {@code CacheNamespace} is a
 * {@code [decor/SharedNamespace]} error on the method. Everything the key can encode compiles
 * cleanly, and the wrapper asks the engine for a shared cache.
 */
class SharedCachedTest {

  /** {@code p.Service}, which implements {@code CacheNamespace}, with {@code body} in it. */
  private static JavaFileObject service(String body) {
    return source("p.Service", """
        package p;
        import dev.decor.*;
        import java.nio.ByteBuffer;
        import java.util.List;
        public class Service implements CacheNamespace {
          @Override public String cacheNamespace() { return "model@1"; }
        %s
        }
        """.formatted(body));
  }

  private static void assertClean(JavaFileObject... sources) {
    assertThat(compile(sources)).succeededWithoutWarnings();
  }

  // ---- [decor/SharedKey]: on the parameter, with the path to the part that cannot be encoded ----

  @Test
  void anInterfaceTypedParameterIsRefused() {
    JavaFileObject src = service("""
          @Cached(shared = true)
          public String embed(
              List<String> tags) {
            return "";
          }
        """);
    assertOnlyError(src, Messages.sharedKey("embed(List)", "tags", "List<String>"),
        "List<String> tags");
  }

  @Test
  void anObjectParameterIsRefused() {
    JavaFileObject src = service("""
          @Cached(shared = true)
          public String describe(int id,
              Object input) {
            return "";
          }
        """);
    assertOnlyError(src, Messages.sharedKey("describe(int, Object)", "input", "Object"),
        "Object input");
  }

  @Test
  void aRecordIsRefusedAtItsFirstComponentThatCannotBeEncoded() {
    JavaFileObject src = service("""
          public record Request(String text, int topK, List<String> tags, Object extra) {}
          @Cached(shared = true)
          public String search(
              Request request) {
            return "";
          }
        """);
    assertOnlyError(src, Messages.sharedKey("search(Request)", "request.tags", "List<String>"),
        "Request request");
  }

  @Test
  void theSharedKeyPathGoesThroughNestedRecordsAndArrays() {
    JavaFileObject src = service("""
          public record Inner(byte[] image, Runnable callback) {}
          public record Outer(String id, Inner[] inners) {}
          @Cached(shared = true)
          public String run(
              Outer query) {
            return "";
          }
        """);
    assertOnlyError(src,
        Messages.sharedKey("run(Outer)", "query.inners[].callback", "Runnable"), "Outer query");
  }

  @Test
  void anArrayOfAnUnencodableElementIsRefused() {
    JavaFileObject src = service("""
          @Cached(shared = true)
          public String all(
              Runnable[] tasks) {
            return "";
          }
        """);
    assertOnlyError(src, Messages.sharedKey("all(Runnable[])", "tasks[]", "Runnable"),
        "Runnable[] tasks");
  }

  @Test
  void aTypeVariableIsRefused() {
    JavaFileObject src = service("""
          @Cached(shared = true)
          public <K extends Comparable<K>> String load(
              K key) {
            return "";
          }
        """);
    assertOnlyError(src, Messages.sharedKey("load(Comparable)", "key", "K"), "K key");
  }

  @Test
  void aClassTypeVariableIsRefusedOnTheParameter() {
    JavaFileObject src = source("p.Store", """
        package p;
        import dev.decor.*;
        public class Store<V> implements CacheNamespace {
          @Override public String cacheNamespace() { return "store"; }
          @Cached(shared = true)
          public String get(String key,
              V fallback) {
            return key;
          }
        }
        """);
    assertOnlyError(src, Messages.sharedKey("get(String, Object)", "fallback", "V"), "V fallback");
  }

  @Test
  void aGenericRecordIsCheckedWithTheTypeArgumentsWritten() {
    JavaFileObject src = service("""
          public record Box<T>(T value) {}
          @Cached(shared = true)
          public String fine(Box<String> box) {
            return "";
          }
          @Cached(shared = true)
          public String open(
              Box<Object> box) {
            return "";
          }
        """);
    assertOnlyError(src, Messages.sharedKey("open(Box)", "box.value", "Object"), "Box<Object> box");
  }

  @Test
  void aRecordReadFromAClassFileIsCheckedComponentByComponent() {
    JavaFileObject src = service("""
          @Cached(shared = true)
          public String owner(
              jdk.net.UnixDomainPrincipal principal) {
            return "";
          }
        """);
    assertOnlyError(src,
        Messages.sharedKey("owner(UnixDomainPrincipal)", "principal.user", "UserPrincipal"),
        "UnixDomainPrincipal principal");
  }

  @Test
  void aParameterRefusedForTheSharedKeyGetsNoIdentityKeyWarningToo() {
    JavaFileObject src = service("""
          public static class Image {
            byte[] pixels;
          }
          @Cached(shared = true)
          public String label(
              Image image) {
            return "";
          }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(Messages.sharedKey("label(Image)", "image", "Image"))
        .inFile(src)
        .onLineContaining("Image image");
    assertThat(compilation).hadWarningCount(0);
  }

  @Test
  void everyUnencodableParameterIsReportedOnItsOwnLine() {
    JavaFileObject src = service("""
          @Cached(shared = true)
          public String both(
              Object first,
              int ok,
              List<Integer> second) {
            return "";
          }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(Messages.sharedKey("both(Object, int, List)", "first", "Object"))
        .inFile(src)
        .onLineContaining("Object first");
    assertThat(compilation)
        .hadErrorContaining(
            Messages.sharedKey("both(Object, int, List)", "second", "List<Integer>"))
        .inFile(src)
        .onLineContaining("List<Integer> second");
  }

  // ---- [decor/SharedNamespace]: on the method's @Cached ----

  @Test
  void anInstanceMethodOfAClassWithoutANamespaceIsRefused() {
    JavaFileObject src = source("p.Classifier", """
        package p;
        import dev.decor.Cached;
        public class Classifier {
          @Cached(shared = true)
          public String predict(byte[] png) {
            return "";
          }
        }
        """);
    assertOnlyError(src, Messages.sharedNamespace("predict(byte[])", "Classifier"),
        "@Cached(shared = true)");
  }

  @Test
  void aWovenInstanceMethodWithoutANamespaceIsRefusedToo() {
    JavaFileObject src = source("p.Classifier", """
        package p;
        import dev.decor.Cached;
        import dev.decor.Woven;
        @Woven
        public final class Classifier {
          @Cached(maxSize = 16,
              shared = true)
          private String predict(float[] input) {
            return "";
          }
        }
        """);
    assertOnlyError(src, Messages.sharedNamespace("predict(float[])", "Classifier"),
        "@Cached(maxSize = 16,");
  }

  @Test
  void aMissingNamespaceAndAnUnencodableParameterAreReportedTogether() {
    JavaFileObject src = source("p.Ranker", """
        package p;
        import dev.decor.Cached;
        public class Ranker {
          @Cached(shared = true)
          public String rank(
              Object items) {
            return "";
          }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(Messages.sharedNamespace("rank(Object)", "Ranker"))
        .inFile(src)
        .onLineContaining("@Cached(shared = true)");
    assertThat(compilation)
        .hadErrorContaining(Messages.sharedKey("rank(Object)", "items", "Object"))
        .inFile(src)
        .onLineContaining("Object items");
  }

  // ---- what compiles ----

  @Test
  void everyEncodableParameterTypeCompilesCleanly() {
    Compilation compilation = compile(service("""
          public enum Mode { FAST, EXACT }
          public record Size(int width, int height) {}
          public record Request(String text, Size size, Mode mode, float[] weights) {}
          public record Node(String label, Node next, Node[] children) {}
          @Cached(shared = true)
          public String primitives(boolean a, byte b, char c, short d, int e, long f, float g,
              double h) {
            return "";
          }
          @Cached(shared = true)
          public String boxes(Boolean a, Byte b, Character c, Short d, Integer e, Long f, Float g,
              Double h) {
            return "";
          }
          @Cached(shared = true)
          public String values(String text, Mode mode, Size size, byte[] image, float[][] batch,
              String[] words, ByteBuffer buffer, Request request, Size[] sizes, Mode[][] modes) {
            return "";
          }
          @Cached(shared = true)
          public String recursive(Node tree) {
            return "";
          }
          @Cached(shared = true)
          public String none() {
            return "";
          }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.DecoratedService");
  }

  @Test
  void aStaticMethodNeedsNoNamespace() {
    assertClean(source("p.Tokenizer", """
        package p;
        import dev.decor.Cached;
        import dev.decor.Woven;
        @Woven
        public class Tokenizer {
          @Cached(shared = true)
          public static int count(String text) {
            return text.length();
          }
        }
        """));
  }

  @Test
  void aNamespaceInheritedFromASuperclassIsEnough() {
    assertClean(
        source("p.Model", """
            package p;
            import dev.decor.CacheNamespace;
            public abstract class Model implements CacheNamespace {
              @Override public String cacheNamespace() { return "model@2"; }
            }
            """),
        source("p.Classifier", """
            package p;
            import dev.decor.Cached;
            public class Classifier extends Model {
              @Cached(shared = true)
              public String predict(byte[] png) {
                return "";
              }
            }
            """));
  }

  @Test
  void anInterfaceExtendingCacheNamespaceGetsAWrapperThatForwardsTheNamespace() {
    Compilation compilation = compile(source("p.Embedder", """
        package p;
        import dev.decor.CacheNamespace;
        import dev.decor.Cached;
        public interface Embedder extends CacheNamespace {
          @Cached(shared = true)
          float[] embed(String text);
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.DecoratedEmbedder")
        .contentsAsUtf8String()
        .contains("CachedSpec.builder().shared(true).build()");
  }

  @Test
  void sharedFalseChecksNothingOfTheSharedKey() {
    Compilation compilation = compile(source("p.Ranker", """
        package p;
        import dev.decor.Cached;
        import java.util.List;
        public class Ranker {
          @Cached(shared = false)
          public String rank(Object items, List<String> tags) {
            return "";
          }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.DecoratedRanker")
        .contentsAsUtf8String()
        .contains("CachedSpec.builder().build()");
  }

  @Test
  void theWrapperAsksForASharedCacheAndCachesInProcessWithoutATier() throws Throwable {
    Compilation compilation = compile(source("p.Counter", """
        package p;
        import dev.decor.CacheNamespace;
        import dev.decor.Cached;
        public class Counter implements CacheNamespace {
          private int calls;
          @Override public String cacheNamespace() { return "counter@1"; }
          @Cached(maxSize = 8, shared = true)
          public String label(int id) {
            return id + "#" + ++calls;
          }
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.DecoratedCounter")
        .contentsAsUtf8String()
        .contains("CachedSpec.builder().maxSize(8).shared(true).build()");

    Object counter = load(compilation).loadClass("p.DecoratedCounter")
        .getConstructor().newInstance();
    assertThat(counter).isInstanceOf(CacheNamespace.class);
    assertThat(call(counter, "label", 7)).isEqualTo("7#1");
    assertThat(call(counter, "label", 7)).isEqualTo("7#1");
    assertThat(call(counter, "label", 8)).isEqualTo("8#2");
  }
}
