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
import dev.decor.timing.Timings;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Timed(percentiles, histogram, slo)} and {@code @MetricTag} at compile time: each error
 * with its message on the offending parameter or value, and a generated wrapper whose timer has
 * the distribution and the tags.
 */
class MetricTagProcessorTest {

  private static JavaFileObject service(String body) {
    return source("p.Service", """
        package p;
        import dev.decor.*;
        import java.util.List;
        import java.util.Map;
        public class Service {
          public enum Kind { RESNET, VIT }
          public static final class Family implements MetricTag.Mapper<String> {
            public String tag(String id) { return id.startsWith("resnet") ? "resnet" : "other"; }
          }
          public static final class Numbers implements MetricTag.Mapper<Integer> {
            public String tag(Integer n) { return "n"; }
          }
          public abstract static class Abstract implements MetricTag.Mapper<String> {}
          public static final class Hidden implements MetricTag.Mapper<String> {
            private Hidden() {}
            public String tag(String s) { return s; }
          }
        %s
        }
        """.formatted(body));
  }

  @Test
  void aPercentileMustBeAQuantile() {
    JavaFileObject src = service("""
          @Timed(percentiles = {0.5,
              99.0})
          public String predict(String in) { return in; }
        """);
    assertOnlyError(src, Messages.percentile("@Timed", 99.0), "99.0})");
  }

  @Test
  void anSloMustBeAPositiveDuration() {
    JavaFileObject src = service("""
          @Timed(slo = {"50ms",
              "0ms"})
          public String predict(String in) { return in; }
        """);
    assertOnlyError(src, Messages.sloNotPositive("@Timed", "0ms"), "\"0ms\"})");
    JavaFileObject soon = service("""
          @Batched(method = "all", slo = "soon")
          public String predict(String in) { return in; }
          public java.util.List<String> all(java.util.List<String> in) { return in; }
        """);
    assertOnlyError(soon, Messages.badDuration("@Batched(slo)", "soon"), "slo = \"soon\"");
  }

  @Test
  void aTagNeedsATimer() {
    JavaFileObject src = service("""
          @Retry
          public String predict(@MetricTag("model")
              Kind kind) { return kind.name(); }
        """);
    assertOnlyError(src, Messages.metricTagWithoutTimed("kind", "predict(Kind)"),
        "@MetricTag(\"model\")");
  }

  @Test
  void aTagKeyIsTheUsersOwnAndUsedOnce() {
    assertOnlyError(service("""
          @Timed
          public String predict(@MetricTag("method") Kind kind) { return kind.name(); }
        """), Messages.metricTagKey("method", "kind", "predict(Kind)"), "@MetricTag(\"method\")");
    assertOnlyError(service("""
          @Timed
          public String predict(@MetricTag("k") Kind kind,
              @MetricTag("k") boolean warm) { return kind.name(); }
        """), Messages.metricTagKey("k", "warm", "predict(Kind, boolean)"), "boolean warm");
  }

  @Test
  void collectionsArraysAndMapsAreRefusedForTheirCardinality() {
    assertOnlyError(service("""
          @Timed
          public String predict(@MetricTag(value = "ids", mapper = Family.class)
              List<String> ids) { return ""; }
        """), Messages.metricTagCardinality("ids", "predict(List)", "List"),
        "@MetricTag(value = \"ids\"");
    assertOnlyError(service("""
          @Timed
          public String predict(@MetricTag("ids") String[] ids) { return ""; }
        """), Messages.metricTagCardinality("ids", "predict(String[])", "String[]"), "String[] ids");
    assertOnlyError(service("""
          @Timed
          public String predict(@MetricTag("m") Map<String, String> m) { return ""; }
        """), Messages.metricTagCardinality("m", "predict(Map)", "Map"), "Map<String, String> m");
  }

  @Test
  void aStringNeedsAMapper() {
    assertOnlyError(service("""
          @Timed
          public String predict(@MetricTag("model") String id) { return id; }
        """), Messages.metricTagType("id", "predict(String)", "String"),
        "@MetricTag(\"model\") String id");
  }

  @Test
  void aMapperMustBeMakeableAndAcceptTheParameter() {
    assertOnlyError(service("""
          @Timed
          public String predict(@MetricTag(value = "model", mapper = Numbers.class) String id) {
            return id;
          }
        """), Messages.metricTagMapper("Numbers", "maps Integer, not the parameter's String"),
        "mapper = Numbers.class");
    assertOnlyError(service("""
          @Timed
          public String predict(@MetricTag(value = "model", mapper = Abstract.class) String id) {
            return id;
          }
        """), Messages.metricTagMapper("Abstract", "is abstract"), "mapper = Abstract.class");
    assertOnlyError(service("""
          @Timed
          public String predict(@MetricTag(value = "model", mapper = Hidden.class) String id) {
            return id;
          }
        """), Messages.metricTagMapper("Hidden", "has no public no-argument constructor"),
        "mapper = Hidden.class");
  }

  @Test
  void theGeneratedWrapperTagsItsTimerAndPublishesItsDistribution() throws Throwable {
    Compilation compilation = compile(service("""
          @Timed(value = "service.predict", percentiles = {0.5, 0.99}, slo = {"50ms", "200ms"})
          public String predict(@MetricTag("model") Kind kind, @MetricTag("warm") boolean warm,
              @MetricTag(value = "family", mapper = Family.class) String id) {
            return kind + "/" + id;
          }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    String wrapper = compilation.generatedSourceFile("p.DecoratedService").orElseThrow()
        .getCharContent(true).toString();
    assertThat(wrapper).contains(".tag(0, \"model\", MetricTag.Mapper.class)")
        .contains(".tag(2, \"family\", Service.Family.class)")
        .contains(".percentiles(0.5, 0.99)")
        .contains(".slo(\"50ms\", \"200ms\")");
    ClassLoader loader = load(compilation);
    Object service = loader.loadClass("p.DecoratedService").getConstructor().newInstance();
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object vit = Enum.valueOf((Class) loader.loadClass("p.Service$Kind"), "VIT");

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Timings.bindTo(registry);
    try {
      assertThat(call(service, "predict", vit, true, "resnet50")).isEqualTo("VIT/resnet50");
      call(service, "predict", vit, true, "resnet18");
      call(service, "predict", vit, false, "vit-b");
    } finally {
      Timings.bindTo(Metrics.globalRegistry);
    }
    Timer resnet = registry.get("service.predict")
        .tags("model", "VIT", "warm", "true", "family", "resnet", "exception", "none").timer();
    assertThat(resnet.count()).isEqualTo(2);
    assertThat(registry.get("service.predict").tags("warm", "false", "family", "other").timer()
        .count()).isEqualTo(1);
    assertThat(Arrays.stream(resnet.takeSnapshot().percentileValues()).map(v -> v.percentile()))
        .containsExactly(0.5, 0.99);
    assertThat(resnet.takeSnapshot().histogramCounts()).hasSize(2);
  }
}
