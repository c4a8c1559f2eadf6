package dev.decor.examples.spring.metrics;

import dev.decor.batch.BatchTracingObservationHandler;
import dev.decor.engine.Decor;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationRegistryCustomizer;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Hands the application's {@link ObservationRegistry} to decor: from then on each
 * {@code @Timed} call and each {@code @Batched} batch is an Observation, and with
 * micrometer-tracing on the class path a span in its request's trace. Boot calls the customizer
 * when it builds the registry, before any request; the global engine is replaced by one with the
 * registry that keeps reporting to the MeterRegistry decor had. With a {@link Tracer}, each
 * batch's span links the spans of the requests it answers ({@link BatchTracingObservationHandler},
 * which Boot puts first in its group of tracing handlers). Kept in its own package to become part
 * of a starter later.
 */
@AutoConfiguration(after = MicrometerTracingAutoConfiguration.class)
@ConditionalOnClass({Decor.class, ObservationRegistry.class, ObservationRegistryCustomizer.class})
public class DecorObservationAutoConfiguration {
  @Bean
  ObservationRegistryCustomizer<ObservationRegistry> decorObservations() {
    return registry -> Decor.setGlobal(Decor.builder()
        .meterRegistry(Decor.global().meterRegistry()).observationRegistry(registry).build());
  }

  /**
   * Batch spans with links, ahead of Boot's default tracing handler (which has a low order). A
   * method, not a nested configuration class: the application's component scan covers this
   * package and would register a nested class early, before Boot's tracing makes the Tracer.
   */
  @Bean
  @ConditionalOnBean(Tracer.class)
  @Order(0)
  BatchTracingObservationHandler decorBatchTracingObservationHandler(Tracer tracer) {
    return new BatchTracingObservationHandler(tracer);
  }
}
