package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.engine.internal.Chain;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages show its architecture (docs/ARCHITECTURE.md): each wing has a small
 * public face — what users call, and the one or two engine-facing types the assembly composes —
 * over package-private rooms; the kernel and {@code dev.decor.engine.internal} are public only for
 * the engine's own packages and generated code. A new public type must be added here on purpose,
 * and the surface generated code calls must stay the one docs/processor.md lists.
 */
class EnginePublicTypesTest {
  /** Every package's accessible types, nested ones with a dot. */
  static final Map<String, Set<String>> PUBLIC = Map.ofEntries(
      // API: the user's entry points.
      Map.entry("dev.decor.engine", Set.of("Decor", "Decor.Builder", "Decorators", "Decorators.Builder",
          "Decorators.CheckedFunction")),
      // Not API: the assembly, and the surface generated code and the aspect call.
      Map.entry("dev.decor.engine.internal", Set.of("Chain", "Chains", "Engine", "Engine.GlobalProvider",
          "Engine.Settings")),
      // Not API: what the wings share.
      Map.entry("dev.decor.kernel", Set.of("MethodKey", "Invocation", "ReturnKind", "Next", "Sleeper",
          "Scheduler", "GlobalEngine", "GlobalEngine.Provider", "Failures", "Deadline",
          "VirtualThreads", "CallContext", "UserClasses", "RareCounter",
          "LatestGauge")),
      // Configuration: the report (API), then the overrides the assembly consults.
      Map.entry("dev.decor.config", Set.of("DecoratedMethod", "DecoratedMethod.Decorator",
          "DecoratedMethod.Setting", "FrontEnd", "Source",
          "Overrides", "Overrides.Plan", "Overrides.Tuning")),
      // Wings: API first, then the engine-facing types.
      Map.entry("dev.decor.timing", Set.of("Timings", "TimingStats", "TimedObservationContext",
          "TimedDecorator", "TimingRegistry")),
      Map.entry("dev.decor.cache", Set.of("Caches", "CacheStats", "SharedTier", "SharedTier.Store",
          "SharedTierStatus",
          "ValueCodec", "CachedDecorator", "CacheRegistry", "CacheKey", "CacheKey.Factory")),
      Map.entry("dev.decor.retry", Set.of("Retries", "RetryEvent",
          "RetryDecorator", "RetryRegistryHolder")),
      Map.entry("dev.decor.timeout", Set.of("Timeouts",
          "TimeoutDecorator", "TimeoutRegistry")),
      Map.entry("dev.decor.limit", Set.of("Limits", "LimitStats",
          "ConcurrencyLimitDecorator", "LimitRegistry")),
      Map.entry("dev.decor.batch", Set.of("Batcher", "BatchMethod", "BatchObservationContext", "BatchStats",
          "BatchTracingObservationHandler",
          "BatchedDecorator", "BatchedDecorator.BatchBody", "BatchRegistry", "BatchMethods",
          "BatchedChecks", "BatchPriority", "BatchPriority.Scope")),
      Map.entry("dev.decor.breaker", Set.of("CircuitBreakers",
          "CircuitBreakerDecorator", "CircuitBreakerRegistryHolder")),
      Map.entry("dev.decor.fallback", Set.of("FallbackMethod",
          "FallbackDecorator", "FallbackRegistry", "FallbackMethods")),
      Map.entry("dev.decor.grad", Set.of("GradMode", "GradScope", "GradBlock", "GradRegion", "GradThread",
          "GradContext", "GradModeAccessor", "Trainable", "GradBackend",
          "GradDecorator")));

  /** What generated wrappers and the aspect may name (docs/processor.md lists each). */
  static final Set<String> GENERATED_SURFACE = Set.of(
      "dev.decor.engine.internal.Chain", "dev.decor.engine.internal.Chains",
      "dev.decor.kernel.MethodKey", "dev.decor.kernel.Invocation", "dev.decor.batch.BatchMethod",
      "dev.decor.fallback.FallbackMethod", "dev.decor.cache.CacheKey");

  @Test
  void eachPackageShowsOnlyItsFace() throws Exception {
    Map<String, Set<String>> expected = new TreeMap<>();
    PUBLIC.forEach((pkg, types) -> expected.put(pkg, new TreeSet<>(types)));
    assertThat(accessibleTypes()).isEqualTo(expected);
  }

  @Test
  void theDocsNameTheGeneratedCodeSurface() throws IOException {
    String processorDoc = Files.readString(Path.of("..", "docs", "processor.md"));
    for (String type : GENERATED_SURFACE) {
      String simple = type.substring(type.lastIndexOf('.') + 1);
      assertThat(processorDoc).as("docs/processor.md names " + type).contains("`" + simple + "`");
    }
  }

  /** Per package, the types that code in another package can name. */
  private static Map<String, Set<String>> accessibleTypes() throws IOException,
      URISyntaxException, ClassNotFoundException {
    Path location = Path.of(Chain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, Set<String>> byPackage = new TreeMap<>();
    if (Files.isDirectory(location)) {
      collect(location, byPackage);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(location)) {
        collect(jar.getPath("/"), byPackage);
      }
    }
    return byPackage;
  }

  private static void collect(Path root, Map<String, Set<String>> byPackage)
      throws IOException, ClassNotFoundException {
    Path base = root.resolve("dev/decor");
    try (Stream<Path> files = Files.walk(base)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || name.equals("package-info.class")) {
          continue;
        }
        String relative = root.relativize(file).toString().replace('\\', '/');
        String binary = relative.substring(0, relative.length() - ".class".length())
            .replace('/', '.');
        String pkg = binary.substring(0, binary.lastIndexOf('.'));
        Class<?> type = Class.forName(binary, false, EnginePublicTypesTest.class.getClassLoader());
        Set<String> types = byPackage.computeIfAbsent(pkg, p -> new TreeSet<>());
        if (isAccessible(type)) {
          types.add(binary.substring(pkg.length() + 1).replace('$', '.'));
        }
      }
    }
  }

  private static boolean isAccessible(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }
}
