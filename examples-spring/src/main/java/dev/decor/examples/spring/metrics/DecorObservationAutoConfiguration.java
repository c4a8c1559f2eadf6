package dev.decor.examples.spring.metrics;

import dev.decor.engine.Decor;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationRegistryCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Hands the application's {@link ObservationRegistry} to decor: from then on each
 * {@code @Timed} call and each {@code @Batched} batch is an Observation, and with
 * micrometer-tracing on the class path a span in its request's trace. Boot calls the customizer
 * when it builds the registry, before any request; the global engine is replaced by one with the
 * registry that keeps reporting to the MeterRegistry decor had. Kept in its own package to become
 * part of a starter later.
 */
@AutoConfiguration
@ConditionalOnClass({Decor.class, ObservationRegistry.class, ObservationRegistryCustomizer.class})
public class DecorObservationAutoConfiguration {
  @Bean
  ObservationRegistryCustomizer<ObservationRegistry> decorObservations() {
    return registry -> Decor.setGlobal(Decor.builder()
        .meterRegistry(Decor.global().meterRegistry()).observationRegistry(registry).build());
  }
}
