package dev.decor.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.MetricTag;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.internal.Messages;
import dev.decor.internal.Shape;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code @Timed}'s percentiles, histogram and SLO buckets, and its {@code @MetricTag}s. */
class TimerDistributionTest {
  enum Kind { RESNET, VIT }

  /** The methods under test: their parameters are what the tags read. */
  static final class Models {
    String predict(Kind kind, boolean warm, String modelId) {
      return kind + "/" + warm + "/" + modelId;
    }

    String batch(List<String> ids) {
      return ids.toString();
    }

    String named(String modelId) {
      return modelId;
    }

    String many(String[] ids) {
      return Arrays.toString(ids);
    }
  }

  /** A mapper that returns one of two constants. */
  public static final class Family implements MetricTag.Mapper<String> {
    @Override
    public String tag(String modelId) {
      return modelId.startsWith("resnet") ? "resnet" : "other-family";
    }
  }

  /** A mapper that does what a mapper must not: a value per argument. */
  public static final class Identity implements MetricTag.Mapper<String> {
    @Override
    public String tag(String value) {
      return value;
    }
  }

  /** A mapper of numbers, for a String parameter. */
  public static final class Numbers implements MetricTag.Mapper<Integer> {
    @Override
    public String tag(Integer value) {
      return "n";
    }
  }

  /** Mappers of numbers, declared once: the type argument comes from a super-interface. */
  public interface NumberMapper extends MetricTag.Mapper<Integer> {}

  /** A mapper of numbers through {@link NumberMapper}, for a String parameter. */
  public static final class Sizes implements NumberMapper {
    @Override
    public String tag(Integer value) {
      return "n";
    }
  }

  private static final MethodKey PREDICT =
      MethodKey.of(Models.class, "predict", Kind.class, boolean.class, String.class);
  private static final MethodKey NAMED = MethodKey.of(Models.class, "named", String.class);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** The engine's clock: a call takes exactly as long as its body advances it. */
  private final AtomicLong clock = new AtomicLong();
  private final Decor decor = Decor.builder().meterRegistry(registry).nanoTime(clock::get).build();
  private final Models models = new Models();

  private Timer timer(String method, String... tags) {
    return registry.get("method.timed").tags("method", method).tags(tags).timer();
  }

  /** A call that takes 10 ms on the engine's clock. */
  private Object predict(Chain chain, Kind kind, boolean warm, String id) throws Throwable {
    return chain.invoke(models, new Object[] {kind, warm, id}, () -> {
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
      return models.predict(kind, warm, id);
    });
  }

  @Test
  void publishesThePercentilesHistogramAndSloBucketsItWasGiven() throws Throwable {
    Chain chain = decor.chain(PREDICT, TimedSpec.builder().percentiles(0.5, 0.99)
        .histogram(true).slo("50ms", "200ms").build());
    for (int i = 0; i < 20; i++) {
      predict(chain, Kind.VIT, true, "vit");
    }

    HistogramSnapshot snapshot = timer("predict", "exception", "none").takeSnapshot();
    assertThat(snapshot.count()).isEqualTo(20);
    assertThat(Arrays.stream(snapshot.percentileValues()).map(ValueAtPercentile::percentile))
        .containsExactly(0.5, 0.99);
    assertThat(Arrays.stream(snapshot.histogramCounts()).map(CountAtBucket::bucket))
        .contains((double) Duration.ofMillis(50).toNanos(), (double) Duration.ofMillis(200).toNanos());
    // Every call took 10 ms: all of them in the first SLO bucket.
    assertThat(Arrays.stream(snapshot.histogramCounts())
        .filter(b -> b.bucket(TimeUnit.MILLISECONDS) == 50.0).findFirst().orElseThrow().count())
        .isEqualTo(20);
  }

  @Test
  void prometheusExportsTheQuantilesOrTheHistogramBuckets() throws Throwable {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Decor engine = Decor.builder().meterRegistry(prometheus).nanoTime(clock::get).build();
    // A tagged timer has a name of its own: Prometheus wants one set of tag keys per name.
    Chain quantiles = engine.chain(PREDICT, TimedSpec.builder().value("model.predict")
        .percentiles(0.99).tag(0, "model", MetricTag.Mapper.class).build());
    predict(quantiles, Kind.VIT, true, "vit");
    Chain histogram = engine.chain(NAMED, TimedSpec.builder().histogram(true).slo("50ms").build());
    histogram.invoke(models, () -> {
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
      return models.named("x");
    });

    String scrape = prometheus.scrape();
    assertThat(scrape).containsPattern(
        "model_predict_seconds\\{.*method=\"predict\",model=\"VIT\",quantile=\"0\\.99\"\\}");
    assertThat(scrape).containsPattern(
        "method_timed_seconds_bucket\\{.*method=\"named\",le=\"0\\.05\"\\} 1");
    // A percentile histogram: Micrometer's buckets, not only the SLO's.
    assertThat(scrape.lines().filter(l -> l.startsWith("method_timed_seconds_bucket")).count())
        .isGreaterThan(10);
  }

  @Test
  void withoutDistributionOptionsTheTimerPublishesNoPercentilesOrBuckets() throws Throwable {
    Chain chain = decor.chain(PREDICT, TimedSpec.of("", false));
    predict(chain, Kind.VIT, true, "vit");
    HistogramSnapshot snapshot = timer("predict", "exception", "none").takeSnapshot();
    assertThat(snapshot.percentileValues()).isEmpty();
    assertThat(snapshot.histogramCounts()).isEmpty();
  }

  @Test
  void sloBucketsAloneCountCallsUnderEachObjective() throws Throwable {
    Chain chain = decor.chain(PREDICT, TimedSpec.builder().slo("20ms").build());
    predict(chain, Kind.VIT, true, "vit");
    chain.invoke(models, new Object[] {Kind.VIT, true, "slow"}, () -> {
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(30));
      return "slow";
    });
    CountAtBucket[] buckets = timer("predict", "exception", "none").takeSnapshot().histogramCounts();
    assertThat(buckets).hasSize(1);
    assertThat(buckets[0].count()).isEqualTo(1); // the slow call is over the objective
  }

  @Test
  void enumAndBooleanParametersTagTheTimerWithTheirValues() throws Throwable {
    Chain chain = decor.chain(PREDICT, TimedSpec.builder()
        .tag(0, "model", MetricTag.Mapper.class).tag(1, "warm", MetricTag.Mapper.class).build());
    assertThat(chain.shape()).isEqualTo(Shape.GENERAL); // the timing hooks do not see arguments
    predict(chain, Kind.RESNET, true, "a");
    predict(chain, Kind.RESNET, true, "b");
    predict(chain, Kind.VIT, false, "c");

    assertThat(timer("predict", "model", "RESNET", "warm", "true", "exception", "none").count())
        .isEqualTo(2);
    assertThat(timer("predict", "model", "VIT", "warm", "false", "exception", "none").count())
        .isEqualTo(1);
    assertThat(registry.find("method.timed").tags("model", "VIT", "warm", "true").timer()).isNull();
  }

  @Test
  void aFailingCallIsTaggedWithItsArgumentsAndItsException() throws Throwable {
    Chain chain = decor.chain(PREDICT, TimedSpec.builder()
        .tag(0, "model", MetricTag.Mapper.class).build());
    assertThatThrownBy(() -> chain.invoke(models, new Object[] {Kind.VIT, true, "x"}, () -> {
      throw new IOException("down");
    })).isInstanceOf(IOException.class).hasMessage("down");
    assertThat(timer("predict", "model", "VIT", "exception", "IOException").count()).isEqualTo(1);
  }

  @Test
  void aNullEnumIsTaggedNull() throws Throwable {
    Chain chain = decor.chain(PREDICT, TimedSpec.builder()
        .tag(0, "model", MetricTag.Mapper.class).build());
    predict(chain, null, true, "x");
    assertThat(timer("predict", "model", "null", "exception", "none").count()).isEqualTo(1);
  }

  @Test
  void aMapperTurnsAStringIntoOneOfItsNames() throws Throwable {
    Chain chain = decor.chain(PREDICT, TimedSpec.builder().tag(2, "family", Family.class).build());
    predict(chain, Kind.VIT, true, "resnet50");
    predict(chain, Kind.VIT, true, "resnet101");
    predict(chain, Kind.VIT, true, "vit-b");
    assertThat(timer("predict", "family", "resnet", "exception", "none").count()).isEqualTo(2);
    assertThat(timer("predict", "family", "other-family", "exception", "none").count())
        .isEqualTo(1);
  }

  @Test
  void aMapperThatKeepsMakingNewValuesIsCappedAndTheRestRecordedAsOther() throws Throwable {
    Chain chain = decor.chain(NAMED, TimedSpec.builder().tag(0, "id", Identity.class).build());
    int n = MetricTags.MAX_MAPPED_VALUES + 36;
    for (int i = 0; i < n; i++) {
      String id = "id" + i;
      chain.invoke(models, new Object[] {id}, () -> models.named(id));
    }
    assertThat(registry.find("method.timed").tags("method", "named").timers())
        .hasSize(MetricTags.MAX_MAPPED_VALUES + 1);
    assertThat(timer("named", "id", "other", "exception", "none").count()).isEqualTo(36);
  }

  @Test
  void aStringWithoutAMapperIsRefusedNamingTheParameter() {
    assertThatThrownBy(() -> decor.chain(NAMED,
        TimedSpec.builder().tag(0, "id", MetricTag.Mapper.class).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.metricTagType(NAMED.parameterName(0), "named(String)", "String"));
  }

  @Test
  void collectionsAndArraysAreRefusedForTheirCardinality() {
    MethodKey batch = MethodKey.of(Models.class, "batch", List.class);
    assertThatThrownBy(() -> decor.chain(batch,
        TimedSpec.builder().tag(0, "ids", Family.class).build()))
        .hasMessage(Messages.metricTagCardinality(batch.parameterName(0), "batch(List)", "List"));
    MethodKey many = MethodKey.of(Models.class, "many", String[].class);
    assertThatThrownBy(() -> decor.chain(many,
        TimedSpec.builder().tag(0, "ids", MetricTag.Mapper.class).build()))
        .hasMessage(Messages.metricTagCardinality(many.parameterName(0), "many(String[])",
            "String[]"));
  }

  @Test
  void decorsOwnKeysAndAMapperOfAnotherTypeAreRefused() {
    assertThatThrownBy(() -> decor.chain(PREDICT,
        TimedSpec.builder().tag(0, "method", MetricTag.Mapper.class).build()))
        .hasMessage(Messages.metricTagKey("method", PREDICT.parameterName(0), PREDICT.signature()));
    assertThatThrownBy(() -> decor.chain(NAMED,
        TimedSpec.builder().tag(0, "id", Numbers.class).build()))
        .hasMessage(Messages.metricTagMapper("Numbers",
            "maps Integer, not the parameter's String"));
    assertThatThrownBy(() -> decor.chain(NAMED,
        TimedSpec.builder().tag(0, "id", Sizes.class).build()))
        .hasMessage(Messages.metricTagMapper("Sizes",
            "maps Integer, not the parameter's String"));
  }
}
