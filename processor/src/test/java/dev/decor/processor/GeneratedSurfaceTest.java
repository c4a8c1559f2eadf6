package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.decor.processor.Compilations.compile;
import static dev.decor.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated wrappers reference nothing of decor outside the surface docs/processor.md lists under
 * "What generated code calls" (kept binary-compatible across minor versions): every decor type
 * and member in the wrappers' class files — their constant pools, descriptors and signatures
 * included — must be on {@link #SURFACE}, and each entry must be in the docs.
 */
class GeneratedSurfaceTest {
  /** The documented surface, as {@code Type} or {@code Type.member} (nested types with a dot). */
  static final Set<String> SURFACE = Set.of(
      "dev.decor.Decorated",
      "dev.decor.Timed", "dev.decor.Cached", "dev.decor.Retry", "dev.decor.NoGrad",
      "dev.decor.InferenceMode",
      "dev.decor.engine.internal.Chain", "dev.decor.engine.internal.Chain.invoke",
      "dev.decor.engine.internal.Chain.cachedHit", "dev.decor.engine.internal.Chain.MISS",
      "dev.decor.engine.internal.Chain.gradThread", "dev.decor.grad.GradThread",
      "dev.decor.engine.internal.Chain.enterGrad",
      "dev.decor.engine.internal.Chain.exitGrad", "dev.decor.engine.internal.Chain.gradResult",
      "dev.decor.engine.internal.Chain.timedStart", "dev.decor.engine.internal.Chain.timedEnd",
      "dev.decor.engine.internal.Chain.timedFailed", "dev.decor.engine.internal.Chain.retryFailed",
      "dev.decor.engine.internal.Chain.retrySucceeded",
      "dev.decor.engine.internal.Chains", "dev.decor.engine.internal.Chains.of",
      "dev.decor.cache.CacheKey", "dev.decor.cache.CacheKey.<init>",
      "dev.decor.cache.CacheKey.Factory", "dev.decor.cache.CacheKey.receiverHash",
      "dev.decor.cache.CacheKey.sameReceiver", "dev.decor.cache.CacheKey.part",
      "dev.decor.cache.CacheKey.parts",
      "dev.decor.kernel.MethodKey", "dev.decor.kernel.MethodKey.of",
      "dev.decor.kernel.Invocation",
      "dev.decor.spec.Spec",
      "dev.decor.spec.TimedSpec", "dev.decor.spec.TimedSpec.builder",
      "dev.decor.spec.TimedSpec.Builder", "dev.decor.spec.TimedSpec.Builder.value",
      "dev.decor.spec.TimedSpec.Builder.log", "dev.decor.spec.TimedSpec.Builder.build",
      "dev.decor.spec.TimedSpec.Builder.percentiles", "dev.decor.spec.TimedSpec.Builder.histogram",
      "dev.decor.spec.TimedSpec.Builder.slo", "dev.decor.spec.TimedSpec.Builder.tag",
      "dev.decor.spec.MeterDistribution", "dev.decor.spec.MeterDistribution.Builder",
      "dev.decor.MetricTag", "dev.decor.MetricTag.Mapper",
      "dev.decor.spec.CachedSpec", "dev.decor.spec.CachedSpec.builder",
      "dev.decor.spec.CachedSpec.Builder", "dev.decor.spec.CachedSpec.Builder.maxSize",
      "dev.decor.spec.CachedSpec.Builder.expireAfterWrite",
      "dev.decor.spec.CachedSpec.Builder.name", "dev.decor.spec.CachedSpec.Builder.shared",
      "dev.decor.spec.CachedSpec.Builder.build",
      "dev.decor.spec.RetrySpec", "dev.decor.spec.RetrySpec.builder",
      "dev.decor.spec.RetrySpec.Builder", "dev.decor.spec.RetrySpec.Builder.maxAttempts",
      "dev.decor.spec.RetrySpec.Builder.delay", "dev.decor.spec.RetrySpec.Builder.multiplier",
      "dev.decor.spec.RetrySpec.Builder.maxDelay", "dev.decor.spec.RetrySpec.Builder.jitter",
      "dev.decor.spec.RetrySpec.Builder.retryOn", "dev.decor.spec.RetrySpec.Builder.ignore",
      "dev.decor.spec.RetrySpec.Builder.build",
      "dev.decor.spec.GradSpec", "dev.decor.spec.GradSpec.NO_GRAD",
      "dev.decor.spec.GradSpec.INFERENCE");

  /** Every attribute set to a non-default value, so every builder setter is emitted. */
  private static final JavaFileObject EVERY_ATTRIBUTE = source("p.Everything", """
      package p;

      import dev.decor.*;
      import java.io.IOException;
      import java.util.concurrent.CompletableFuture;

      public class Everything implements CacheNamespace {
        @Override
        public String cacheNamespace() {
          return "everything@1";
        }

        @Timed(value = "t", log = true, percentiles = {0.5, 0.99}, histogram = true,
            slo = {"50ms", "200ms"})
        @Cached(maxSize = 5, expireAfterWrite = "1m", name = "everything", shared = true)
        @Retry(maxAttempts = 4, delay = "1ms", multiplier = 2, maxDelay = "5ms", jitter = 0.5,
            retryOn = IOException.class, ignore = java.io.FileNotFoundException.class)
        @NoGrad
        public String all(String key, @MetricTag("warm") boolean warm) throws IOException {
          return key;
        }

        @InferenceMode
        public void infer() {}

        @Retry
        public CompletableFuture<String> later() {
          return CompletableFuture.completedFuture("");
        }
      }
      """);

  @Test
  void generatedCodeReferencesOnlyTheDocumentedSurface() throws IOException {
    Compilation compilation = compile(EVERY_ATTRIBUTE, Samples.SERVICE, Samples.MODEL,
        Samples.GENERICS, Samples.NESTED, Samples.OVERLOADS);
    assertThat(compilation).succeeded();

    Set<String> used = new TreeSet<>();
    int wrappers = 0;
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS
          && file.toUri().getPath().contains("/Decorated")) {
        wrappers++;
        try (InputStream in = file.openInputStream()) {
          used.addAll(decorReferences(in));
        }
      }
    }

    assertThat(wrappers).isGreaterThanOrEqualTo(7);
    assertThat(used).as("decor types and members the generated wrappers reference")
        .isSubsetOf(SURFACE)
        .contains("dev.decor.spec.RetrySpec.Builder.jitter", "dev.decor.engine.internal.Chains.of",
            "dev.decor.spec.GradSpec.INFERENCE", "dev.decor.spec.CachedSpec.Builder.name",
            "dev.decor.spec.CachedSpec.Builder.shared", "dev.decor.spec.TimedSpec.Builder.tag",
            "dev.decor.spec.TimedSpec.Builder.percentiles", "dev.decor.spec.TimedSpec.Builder.slo",
            "dev.decor.cache.CacheKey.sameReceiver", "dev.decor.cache.CacheKey.part",
            "dev.decor.cache.CacheKey.Factory");
  }

  @Test
  void theDocsListTheSurface() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "processor.md"));
    String section = docs.substring(docs.indexOf("## What generated code calls"));
    for (String entry : SURFACE) {
      // dev.decor.spec.RetrySpec.Builder.jitter is shown as RetrySpec.Builder.jitter
      String shown = entry.replaceFirst("^dev\\.decor\\.([a-z]+\\.)*", "");
      assertThat(section).as("docs/processor.md lists " + entry).contains("`" + shown);
    }
  }

  /** What the fast paths of the resilience decorators reference beyond {@link #SURFACE}. */
  static final Set<String> RESILIENCE_FAST_PATHS = Set.of(
      "dev.decor.Timeout", "dev.decor.ConcurrencyLimit", "dev.decor.CircuitBreaker",
      "dev.decor.Fallback", "dev.decor.fallback.FallbackMethod",
      "dev.decor.engine.internal.Chain.timeoutStart",
      "dev.decor.engine.internal.Chain.timeoutFailed",
      "dev.decor.engine.internal.Chain.timeoutEnd",
      "dev.decor.engine.internal.Chain.limitEnter", "dev.decor.engine.internal.Chain.limitExit",
      "dev.decor.engine.internal.Chain.breakerEnter",
      "dev.decor.engine.internal.Chain.breakerStart",
      "dev.decor.engine.internal.Chain.breakerFailed",
      "dev.decor.engine.internal.Chain.breakerSucceeded",
      "dev.decor.engine.internal.Chain.fallback",
      "dev.decor.engine.internal.Chain.retryEnter",
      "dev.decor.engine.internal.Chain.retryStart",
      "dev.decor.engine.internal.Chain.retryResult",
      "dev.decor.engine.internal.Chain.RETRY_DONE",
      "dev.decor.spec.TimeoutSpec", "dev.decor.spec.TimeoutSpec.builder",
      "dev.decor.spec.TimeoutSpec.Builder", "dev.decor.spec.TimeoutSpec.Builder.value",
      "dev.decor.spec.TimeoutSpec.Builder.build",
      "dev.decor.spec.ConcurrencyLimitSpec", "dev.decor.spec.ConcurrencyLimitSpec.builder",
      "dev.decor.spec.ConcurrencyLimitSpec.Builder",
      "dev.decor.spec.ConcurrencyLimitSpec.Builder.value",
      "dev.decor.spec.ConcurrencyLimitSpec.Builder.maxWait",
      "dev.decor.spec.ConcurrencyLimitSpec.Builder.build",
      "dev.decor.spec.CircuitBreakerSpec", "dev.decor.spec.CircuitBreakerSpec.builder",
      "dev.decor.spec.CircuitBreakerSpec.Builder",
      "dev.decor.spec.CircuitBreakerSpec.Builder.build",
      "dev.decor.spec.FallbackSpec", "dev.decor.spec.FallbackSpec.builder",
      "dev.decor.spec.FallbackSpec.Builder", "dev.decor.spec.FallbackSpec.Builder.method",
      "dev.decor.spec.FallbackSpec.Builder.build",
      "dev.decor.spec.RetrySpec.Builder.retryIf", "dev.decor.spec.RetrySpec.Builder.maxDuration");

  /**
   * A lone {@code @Timeout}, {@code @ConcurrencyLimit}, {@code @CircuitBreaker}, {@code @Fallback}
   * and {@code @Retry(retryIf, maxDuration)} call the body between the chain's hooks: those hooks
   * are documented surface too.
   */
  @Test
  void theResilienceFastPathsReferenceOnlyTheDocumentedSurface() throws IOException {
    Compilation compilation = compile(source("p.Resilient", """
        package p;

        import dev.decor.*;
        import java.util.function.Predicate;

        public class Resilient {
          public static final class Empty implements Predicate<String> {
            @Override
            public boolean test(String s) {
              return s.isEmpty();
            }
          }

          @Timeout("1s")
          public String timeout(String x) {
            return x;
          }

          @ConcurrencyLimit(value = 2, maxWait = "1ms")
          public void limit() {}

          @CircuitBreaker
          public int breaker(int x) {
            return x;
          }

          @Fallback(method = "other")
          public String fallback(String x) {
            return x;
          }

          String other(String x) {
            return "";
          }

          @Retry(retryIf = Empty.class, maxDuration = "1s")
          public String retryIf(String x) {
            return x;
          }
        }
        """));
    assertThat(compilation).succeeded();
    assertExtraSurface(compilation, RESILIENCE_FAST_PATHS);
  }

  /**
   * Asserts that the wrappers {@code compilation} generated reference nothing of decor beyond
   * {@link #SURFACE} and {@code extra}, use all of {@code extra}, and that docs/processor.md lists
   * each entry of {@code extra}: for tests of wrappers with annotations outside
   * {@link #EVERY_ATTRIBUTE}.
   */
  static void assertExtraSurface(Compilation compilation, Set<String> extra) throws IOException {
    Set<String> used = new TreeSet<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS
          && file.toUri().getPath().contains("/Decorated")) {
        try (InputStream in = file.openInputStream()) {
          used.addAll(decorReferences(in));
        }
      }
    }
    Set<String> surface = new TreeSet<>(SURFACE);
    surface.addAll(extra);
    assertThat(used).isSubsetOf(surface).containsAll(extra);
    String docs = Files.readString(Path.of("..", "docs", "processor.md"));
    String section = docs.substring(docs.indexOf("## What generated code calls"));
    for (String entry : extra) {
      String shown = entry.replaceFirst("^dev\\.decor\\.([a-z]+\\.)*", "");
      assertThat(section).as("docs/processor.md lists " + entry).contains("`" + shown);
    }
  }

  private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L(dev/decor/[\\w/$]+)[;<]");

  /**
   * The decor types ({@code dev.decor…}) and members a class file refers to: class entries,
   * field and method references, and types inside descriptors, signatures and annotations.
   */
  static Set<String> decorReferences(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    in.readInt(); // magic
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    Object[] pool = new Object[count];
    List<int[]> members = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> pool[i] = in.readUTF();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 7, 8, 16, 19, 20 -> pool[i] = new int[] {tag, in.readUnsignedShort()};
        case 9, 10, 11, 12, 17, 18 -> {
          int[] entry = {tag, in.readUnsignedShort(), in.readUnsignedShort()};
          pool[i] = entry;
          if (tag <= 11) {
            members.add(entry);
          }
        }
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    // A call to an inherited member names the calling class as its owner (a key class calling
    // CacheKey's receiverHash()): such references count as the decor superclass's.
    in.readUnsignedShort(); // access flags
    String self = className(pool, in.readUnsignedShort());
    int superIndex = in.readUnsignedShort();
    String superclass = superIndex == 0 ? null : className(pool, superIndex);
    in.skipBytes(2 * in.readUnsignedShort()); // interfaces
    Set<String> declared = new TreeSet<>();
    for (int kind = 0; kind < 2; kind++) { // fields, then methods
      int n = in.readUnsignedShort();
      for (int i = 0; i < n; i++) {
        in.readUnsignedShort(); // access flags
        declared.add((String) pool[in.readUnsignedShort()]);
        in.readUnsignedShort(); // descriptor
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          in.readUnsignedShort();
          in.skipBytes(in.readInt());
        }
      }
    }
    Set<String> refs = new TreeSet<>();
    for (Object entry : pool) {
      if (entry instanceof String utf) {
        Matcher m = DESCRIPTOR_TYPE.matcher(utf);
        while (m.find()) {
          refs.add(m.group(1).replace('/', '.').replace('$', '.'));
        }
      } else if (entry instanceof int[] e && e[0] == 7) {
        String name = ((String) pool[e[1]]).replaceFirst("^\\[*L?", "").replace(";", "");
        if (name.startsWith("dev/decor/")) {
          refs.add(name.replace('/', '.').replace('$', '.'));
        }
      }
    }
    for (int[] member : members) {
      String owner = (String) pool[((int[]) pool[member[1]])[1]];
      int[] nameAndType = (int[]) pool[member[2]];
      String name = (String) pool[nameAndType[1]];
      if (owner.equals(self) && !declared.contains(name) && superclass != null) {
        owner = superclass;
      }
      if (owner.startsWith("dev/decor/")) {
        refs.add(owner.replace('/', '.').replace('$', '.') + "." + name);
      }
    }
    return refs;
  }

  private static String className(Object[] pool, int classIndex) {
    return (String) pool[((int[]) pool[classIndex])[1]];
  }
}
