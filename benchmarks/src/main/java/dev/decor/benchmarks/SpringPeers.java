package dev.decor.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.retry.annotation.EnableRetry;
import org.springframework.retry.annotation.Retryable;

/**
 * The Spring peers, as a Spring (no Boot) application wires them: Micrometer's
 * {@link TimedAspect}, spring-retry's {@code @Retryable} and {@code @Cacheable} over
 * {@link CaffeineCacheManager}, each applied to its own bean through a CGLIB proxy.
 */
final class SpringPeers implements AutoCloseable {
  private final AnnotationConfigApplicationContext context;
  final TimedBean timed;
  final RetryBean retry;
  final CacheBean cache;

  SpringPeers(MeterRegistry registry) {
    context = new AnnotationConfigApplicationContext();
    context.registerBean(MeterRegistry.class, () -> registry);
    context.register(Config.class);
    context.refresh();
    timed = context.getBean(TimedBean.class);
    retry = context.getBean(RetryBean.class);
    cache = context.getBean(CacheBean.class);
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

  /** spring-retry's {@code @Retryable} (3 attempts). */
  public static class RetryBean {
    @Retryable(maxAttempts = 3)
    public float retried(float[] x) {
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
  @EnableRetry(proxyTargetClass = true)
  static class Config {
    @Bean
    TimedAspect timedAspect(MeterRegistry registry) {
      return new TimedAspect(registry);
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
  }
}
