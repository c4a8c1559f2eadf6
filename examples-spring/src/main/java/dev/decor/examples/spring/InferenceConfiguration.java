package dev.decor.examples.spring;

import dev.decor.engine.Decor;
import dev.decor.examples.config.TrainingConfig;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.ShapeCnn;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Which bean is decorated how. {@link PredictionService} and {@link TrainingData} are plain
 * {@code new}s, decorated in place by compile-time weaving (the case a generated wrapper cannot
 * reach: Spring, not the app, owns construction); {@link ShapeModel} is the processor's generated
 * {@code DecoratedShapeModel}. decor's starter fails start-up with {@code [decor/BeanNotDecorated]}
 * if the weaver did not run, rather than serving without cache or retry.
 */
@Configuration(proxyBeanMethods = false)
public class InferenceConfiguration {
  @Bean
  TrainingConfig trainingConfig(SampleProperties properties) {
    return properties.training();
  }

  @Bean(destroyMethod = "close")
  Backbone backbone(TrainingConfig config) {
    return new ShapeCnn(config.imageSize(), config.labels().size(), config.seed());
  }

  @Bean
  ShapeModel shapeModel(Backbone backbone, TrainingConfig config) {
    return new DecoratedShapeModel(backbone, config.labels(), config.imageSize());
  }

  @Bean
  ImageDecoder imageDecoder(SampleProperties properties) {
    return new ImageDecoder(properties.maxImageSide(), properties.maxImageBytes().toBytes(),
        properties.decodeBudget().toBytes(), properties.decodeWait().toNanos());
  }

  /**
   * The memory budgets in {@code /actuator/prometheus}: {@code sample_budget_used_bytes} (reserved
   * now) and {@code sample_budget_capacity_bytes}, tagged {@code budget="body"|"decode"}. Used
   * bytes back at 0 when the service is idle means every request gave its reservation back.
   */
  @Bean
  MeterBinder budgetMeters(ByteBudget bodyBudget, ImageDecoder decoder) {
    return registry -> {
      for (Map.Entry<String, ByteBudget> budget : Map.of("body", bodyBudget, "decode", decoder.budget()).entrySet()) {
        Gauge.builder("sample.budget.used", budget.getValue(), ByteBudget::used).tag("budget", budget.getKey())
            .baseUnit("bytes").description("bytes of the budget reserved by requests now").register(registry);
        Gauge.builder("sample.budget.capacity", budget.getValue(), ByteBudget::capacity).tag("budget", budget.getKey())
            .baseUnit("bytes").description("the budget's size").register(registry);
      }
    };
  }

  /**
   * {@code TrainingData.load}'s retries in {@code /actuator/prometheus}: resilience4j's
   * {@code resilience4j_retry_calls_total{kind,name}} over the engine's retry registry (decor's
   * timers, caches and batchers report to the context's registry through the starter).
   */
  @Bean
  MeterBinder retryMeters(Decor decor) {
    return TaggedRetryMetrics.ofRetryRegistry(decor.retryRegistry());
  }

  /** The request bodies' budget ({@link PredictController}). */
  @Bean
  ByteBudget bodyBudget(SampleProperties properties) {
    ByteBudget budget = new ByteBudget("sample.body-budget", properties.bodyBudget().toBytes());
    if (budget.largest() < properties.maxImageBytes().toBytes()) {
      throw new IllegalArgumentException("[decor/SampleLimits] sample.body-budget (" + budget.capacity()
          + " bytes) must hold, in its seven eighths for large bodies, one body of sample.max-image-bytes ("
          + properties.maxImageBytes().toBytes() + "): at least " + ByteBudget.capacityFor(properties.maxImageBytes().toBytes())
          + " bytes; raise it or lower sample.max-image-bytes");
    }
    return budget;
  }

  @Bean
  PredictionService predictionService(ImageDecoder decoder, ShapeModel model, SampleProperties properties) {
    return new PredictionService(decoder, model, properties.batching());
  }

  /** Each finished span as one log line (a real service sends them to a collector over OTLP). */
  @Bean
  SpanExporter logSpans() {
    return LoggingSpanExporter.create();
  }

  @Bean
  TrainingData trainingData() {
    return new TrainingData();
  }

  @Bean
  ShutdownOrder shutdownOrder(Environment environment) {
    return new ShutdownOrder(environment);
  }

  @Bean
  SharedCacheWarmUp sharedCacheWarmUp(Environment environment) {
    return new SharedCacheWarmUp(environment);
  }

  @Bean
  ModelTraining modelTraining(TrainingData data, ShapeModel model, TrainingConfig config) {
    return new ModelTraining(data, model, config);
  }
}
