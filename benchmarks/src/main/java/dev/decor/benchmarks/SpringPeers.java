package dev.decor.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

/**
 * The Spring peers, as a Spring Framework 7 (no Boot) application wires them: Micrometer's
 * {@link TimedAspect} and {@link ObservedAspect}, Spring's core {@code @Retryable} and {@code @ConcurrencyLimit}
 * ({@code @EnableResilientMethods}, which supersede the spring-retry project) and
 * {@code @Cacheable} over {@link CaffeineCacheManager}, each applied to its own bean through a
 * CGLIB proxy.
 */
final class SpringPeers implements AutoCloseable {
  private final AnnotationConfigApplicationContext context;
  final TimedBean timed;
  final ObservedBean observed;
  final RetryBean retry;
  final CacheBean cache;
  final LimitBean limit;

  SpringPeers(MeterRegistry registry, ObservationRegistry observations) {
    context = new AnnotationConfigApplicationContext();
    context.registerBean(MeterRegistry.class, () -> registry);
    context.registerBean(ObservationRegistry.class, () -> observations);
    context.register(Config.class);
    context.refresh();
    timed = context.getBean(TimedBean.class);
    observed = context.getBean(ObservedBean.class);
    retry = context.getBean(RetryBean.class);
    cache = context.getBean(CacheBean.class);
    limit = context.getBean(LimitBean.class);
  }

  @Override
  public void close() {
    context.close();
  }

  /** Micrometer's {@code @Timed}, recorded by {@link TimedAspect}. */
  public static class TimedBean {
    @Timed("peer.timed")
    public float timed(float[] x) {
      return Kernel.infer(x);
    }
  }

  /** Micrometer's {@code @Observed}, an Observation per call made by {@link ObservedAspect}. */
  public static class ObservedBean {
    @Observed(name = "peer.observed")
    public float observed(float[] x) {
      return Kernel.infer(x);
    }
  }

  /** Spring 7's core {@code @Retryable}: 3 attempts (2 retries). */
  public static class RetryBean {
    @Retryable(maxRetries = 2)
    public float retried(float[] x) {
      return Kernel.infer(x);
    }
  }

  /** Spring 7's core {@code @ConcurrencyLimit}: 2 at once (a caller beyond them blocks). */
  public static class LimitBean {
    @ConcurrencyLimit(2)
    public float limited(float[] x) {
      return Kernel.infer(x);
    }
  }

  /** Spring's {@code @Cacheable} over Caffeine (key: the argument; no receiver). */
  public static class CacheBean {
    @Cacheable("peer")
    public float cachedInt(int id) {
      return Kernel.score(id);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAspectJAutoProxy(proxyTargetClass = true)
  @EnableCaching(proxyTargetClass = true)
  @EnableResilientMethods(proxyTargetClass = true)
  static class Config {
    @Bean
    TimedAspect timedAspect(MeterRegistry registry) {
      return new TimedAspect(registry);
    }

    @Bean
    ObservedAspect observedAspect(ObservationRegistry observations) {
      return new ObservedAspect(observations);
    }

    @Bean
    ObservedBean observedBean() {
      return new ObservedBean();
    }

    @Bean
    CacheManager cacheManager() {
      CaffeineCacheManager manager = new CaffeineCacheManager("peer");
      manager.setCaffeine(Caffeine.newBuilder().maximumSize(128));
      return manager;
    }

    @Bean
    TimedBean timedBean() {
      return new TimedBean();
    }

    @Bean
    RetryBean retryBean() {
      return new RetryBean();
    }

    @Bean
    CacheBean cacheBean() {
      return new CacheBean();
    }

    @Bean
    LimitBean limitBean() {
      return new LimitBean();
    }
  }
}
