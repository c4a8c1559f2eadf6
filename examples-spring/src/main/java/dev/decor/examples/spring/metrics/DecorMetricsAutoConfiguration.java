package dev.decor.examples.spring.metrics;

import dev.decor.retry.Retries;
import dev.decor.timing.Timings;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Binds decor to the application's {@link MeterRegistry}: {@code @Timed} timers
 * ({@link Timings#bindTo}), {@code @Cached} caches ({@link DecorCacheMetrics}; list caches that
 * do not exist yet at start-up in {@code decor.metrics.caches}) and {@code @Retry} retries
 * (resilience4j's {@code resilience4j.retry.calls} over {@link Retries#registry()}, retries
 * created later included).
 *
 * <p>Each is a {@link MeterBinder}, so Spring Boot applies them after the registry's filters (for
 * example {@code management.metrics.distribution.percentiles.*}) are configured. Kept in its own
 * package to become a separate starter module later.
 */
@AutoConfiguration(after = MetricsAutoConfiguration.class)
@ConditionalOnClass({Timings.class, MeterRegistry.class})
public class DecorMetricsAutoConfiguration {
  /** decor's {@code @Timed} calls record into the registry from now on. */
  @Bean
  MeterBinder decorTimings() {
    return Timings::bindTo;
  }

  @Bean
  DecorCacheMetrics decorCacheMetrics(Environment environment) {
    List<String> names = Binder.get(environment).bind("decor.metrics.caches", String[].class)
        .map(List::of).orElse(List.of());
    return new DecorCacheMetrics(names);
  }

  @Bean
  MeterBinder decorRetryMetrics() {
    return TaggedRetryMetrics.ofRetryRegistry(Retries.registry());
  }
}
