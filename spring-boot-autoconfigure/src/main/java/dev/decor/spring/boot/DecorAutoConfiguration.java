package dev.decor.spring.boot;

import dev.decor.batch.BatchTracingObservationHandler;
import dev.decor.cache.SharedTier;
import dev.decor.engine.Decor;
import dev.decor.jcache.JCacheTier;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * decor in a Spring Boot application: the engine built from the context and installed as decor's
 * global engine for the context's lifetime ({@link DecorLifecycle}), generated wrappers as beans
 * and the start-up check ({@link DecoratedBeans}).
 *
 * <p>The engine reports to the context's {@link MeterRegistry} when there is exactly one, keeps
 * shared caches in the context's JCache {@code CacheManager} when there is one (and
 * decor-jcache is on the class path), reads {@code decor.*} ({@link DecorProperties} and the
 * engine's own {@code decor.cache.*} keys, and the per-method and per-group overrides of
 * docs/configuration.md) from the environment, and then applies every
 * {@link DecorBuilderCustomizer}. An application that defines its own {@link Decor} bean keeps it;
 * the lifecycle, the wrappers and the check still apply.
 *
 * <p>{@code decor.enabled=false} turns all of it off.
 */
@AutoConfiguration(afterName = {
    // Boot 4
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
    "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
    // Boot 3
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration",
    "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration",
    // Boot 3 and 4
    "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration"})
@ConditionalOnClass(Decor.class)
@ConditionalOnProperty(prefix = "decor", name = "enabled", havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(DecorProperties.class)
public class DecorAutoConfiguration {
  /** The name of the {@link DecorLifecycle} bean every decorated bean depends on. */
  public static final String LIFECYCLE_BEAN = "decorLifecycle";

  /** The application's engine. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Decor decor(DecorProperties properties, Environment environment,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<DecorBuilderCustomizer> customizers) {
    Decor.Builder builder = Decor.builder().configure(environment::getProperty);
    meterRegistry.ifUnique(builder::meterRegistry);
    builder.batchShutdownTimeout(properties.getBatchShutdownTimeout());
    if (properties.getCache().getSharedThreads() != null) {
      builder.sharedThreads(properties.getCache().getSharedThreads());
    }
    builder.overrides(overrides(properties));
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * {@code decor.methods.*}, {@code decor.caches.*}, {@code decor.batches.*},
   * {@code decor.limits.*} and {@code decor.breakers.*} as the engine's override keys: Spring has
   * already read them from every property source in its relaxed forms; the engine checks them.
   */
  static Map<String, String> overrides(DecorProperties properties) {
    Map<String, String> overrides = new LinkedHashMap<>();
    Map<String, Map<String, String>> groups = new LinkedHashMap<>();
    groups.put("methods", properties.getMethods());
    groups.put("caches", properties.getCaches());
    groups.put("batches", properties.getBatches());
    groups.put("limits", properties.getLimits());
    groups.put("breakers", properties.getBreakers());
    groups.forEach((group, values) ->
        values.forEach((key, value) -> overrides.put("decor." + group + "." + key, value)));
    return overrides;
  }

  /** Installs the engine as the global one, and closes it at shutdown. */
  @Bean(name = LIFECYCLE_BEAN)
  public DecorLifecycle decorLifecycle(Decor decor) {
    return new DecorLifecycle(decor);
  }

  /**
   * Generated wrappers as beans and the start-up check. Static: a post-processor is created
   * before the configuration class, and reads its two settings straight from the environment.
   */
  @Bean
  public static DecoratedBeans decoratedBeans(Environment environment) {
    Binder binder = Binder.get(environment);
    boolean generated = binder.bind("decor.generated-beans", Boolean.class).orElse(true);
    boolean check = binder.bind("decor.check-beans", Boolean.class).orElse(true);
    return new DecoratedBeans(generated, check, LIFECYCLE_BEAN);
  }

  /**
   * Boot's {@code applicationTaskExecutor} (its {@code spring.task.execution.*} pool, or virtual
   * threads with {@code spring.threads.virtual.enabled}) runs decor's asynchronous work — the next
   * attempt of an asynchronous retry, the caches' maintenance — instead of the common pool, so it
   * is sized, named and shut down with the application's. {@code decor.application-executor=false}
   * keeps the common pool.
   */
  @Bean
  @ConditionalOnBean(name = "applicationTaskExecutor", value = Executor.class)
  @ConditionalOnProperty(prefix = "decor", name = "application-executor", havingValue = "true",
      matchIfMissing = true)
  public DecorBuilderCustomizer decorApplicationExecutor(
      @Qualifier("applicationTaskExecutor") Executor executor) {
    return builder -> builder.executor(executor);
  }

  /** A {@link SharedTier} bean of the application's becomes the engine's shared tier. */
  @Bean
  @ConditionalOnBean(SharedTier.class)
  public DecorBuilderCustomizer decorSharedTier(SharedTier tier) {
    return builder -> builder.sharedTier(tier);
  }

  /**
   * The context's {@code ObservationRegistry} (Boot's, with its handlers and tracing bridge): each
   * {@code @Timed} call and each batch becomes an Observation (docs/observability.md).
   * {@code decor.observations=false} leaves the engine without one: timers only.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
  @ConditionalOnProperty(prefix = "decor", name = "observations", havingValue = "true",
      matchIfMissing = true)
  static class ObservationConfiguration {
    @Bean
    @ConditionalOnBean(type = "io.micrometer.observation.ObservationRegistry")
    DecorBuilderCustomizer decorObservations(
        io.micrometer.observation.ObservationRegistry registry) {
      return builder -> builder.observationRegistry(registry);
    }

    /**
     * With micrometer-tracing's {@code Tracer}, each batch's span links the spans of its items'
     * callers. Boot puts the {@code TracingObservationHandler} beans in one first-matching group in
     * bean order: this one (batches only) comes before Boot's default handler.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.tracing.handler.DefaultTracingObservationHandler")
    static class BatchLinksConfiguration {
      @Bean
      @ConditionalOnBean(type = "io.micrometer.tracing.Tracer")
      @ConditionalOnMissingBean
      @Order(0)
      BatchTracingObservationHandler decorBatchTracingObservationHandler(
          io.micrometer.tracing.Tracer tracer) {
        return new BatchTracingObservationHandler(tracer);
      }
    }
  }

  /** The context's JCache {@code CacheManager} holds shared caches (decor-jcache). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"dev.decor.jcache.JCacheTier", "javax.cache.CacheManager"})
  @ConditionalOnBean(type = "javax.cache.CacheManager")
  @ConditionalOnMissingBean(SharedTier.class)
  static class JCacheSharedTierConfiguration {
    @Bean
    DecorBuilderCustomizer decorJCacheSharedTier(javax.cache.CacheManager cacheManager) {
      return builder -> builder.sharedTier(JCacheTier.of(cacheManager));
    }
  }
}
