package dev.decor.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.batch.BatchTracingObservationHandler;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.RetrySpec;
import dev.decor.spring.boot.actuate.DecorEndpoint;
import dev.decor.spring.boot.actuate.DecorEndpointAutoConfiguration;
import dev.decor.spring.boot.actuate.DecorHealthAutoConfiguration;
import dev.decor.spring.boot.actuate.DecorHealthIndicator;
import dev.decor.spring.boot.apps.generated.DecoratedGeneratedGreeter;
import dev.decor.spring.boot.apps.generated.GeneratedGreeter;
import dev.decor.spring.boot.apps.generated.GreetingFormat;
import dev.decor.spring.boot.apps.unwoven.Forgotten;
import dev.decor.spring.boot.apps.woven.WovenGreeter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition of the auto-configuration, on a context with no web server. */
class DecorAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DecorAutoConfiguration.class,
          DecorHealthAutoConfiguration.class, DecorEndpointAutoConfiguration.class));

  @Test
  void theEngineReportsToTheContextsMeterRegistry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner.withBean(SimpleMeterRegistry.class, () -> registry).run(context ->
        assertThat(context.getBean(Decor.class).meterRegistry()).isSameAs(registry));
  }

  @Test
  void withoutAMeterRegistryTheEngineReportsToMicrometersGlobalRegistry() {
    runner.run(context ->
        assertThat(context.getBean(Decor.class).meterRegistry()).isSameAs(Metrics.globalRegistry));
  }

  @Test
  void theEngineMakesObservationsInTheContextsObservationRegistry() {
    ObservationRegistry observations = ObservationRegistry.create();
    runner.withBean(ObservationRegistry.class, () -> observations).run(context ->
        assertThat(context.getBean(Decor.class).observationRegistry()).isSameAs(observations));
    runner.withBean(ObservationRegistry.class, () -> observations)
        .withPropertyValues("decor.observations=false").run(context ->
            assertThat(context.getBean(Decor.class).observationRegistry())
                .isNotSameAs(observations));
  }

  @Test
  void withATracerEachBatchsSpanLinksItsCallersUnlessObservationsAreOff() {
    ObservationRegistry observations = ObservationRegistry.create();
    ApplicationContextRunner traced = runner
        .withBean(ObservationRegistry.class, () -> observations)
        .withBean(Tracer.class, () -> Tracer.NOOP);
    traced.run(context -> assertThat(context).hasSingleBean(BatchTracingObservationHandler.class));
    traced.withPropertyValues("decor.observations=false").run(context ->
        assertThat(context).doesNotHaveBean(BatchTracingObservationHandler.class));
    traced.withClassLoader(new FilteredClassLoader(DefaultTracingObservationHandler.class))
        .run(context -> assertThat(context).doesNotHaveBean(BatchTracingObservationHandler.class));
    runner.withBean(ObservationRegistry.class, () -> observations).run(context ->
        assertThat(context).doesNotHaveBean(BatchTracingObservationHandler.class));
  }

  @Test
  void decorEnabledFalseTurnsItAllOff() {
    runner.withPropertyValues("decor.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(Decor.class);
      assertThat(context).doesNotHaveBean(DecorLifecycle.class);
      assertThat(context).doesNotHaveBean(DecorHealthIndicator.class);
    });
  }

  @Test
  void anApplicationsOwnEngineIsKeptAndInstalled() {
    Decor own = Decor.builder().build();
    runner.withBean(Decor.class, () -> own).run(context -> {
      assertThat(context.getBean(Decor.class)).isSameAs(own);
      assertThat(Decor.global()).isSameAs(own);
    });
    assertThat(Decor.global()).isNotSameAs(own);
  }

  /** A method returning a stage, for an asynchronous retry. */
  static final class Remote {
    CompletableFuture<String> call() {
      return CompletableFuture.completedFuture("");
    }
  }

  /** The thread an asynchronous retry's second attempt runs on. */
  private static String secondAttemptThread(Decor decor) throws Throwable {
    Chain chain = decor.chain(MethodKey.of(Remote.class, "call"),
        RetrySpec.builder().maxAttempts(2).delay("1ms").build());
    AtomicInteger attempts = new AtomicInteger();
    @SuppressWarnings("unchecked")
    CompletableFuture<String> result = (CompletableFuture<String>) chain.invoke(new Remote(),
        () -> attempts.incrementAndGet() == 1
            ? CompletableFuture.failedFuture(new IOException("flaky"))
            : CompletableFuture.completedFuture(Thread.currentThread().getName()));
    return result.get(30, TimeUnit.SECONDS);
  }

  @Test
  void theApplicationsTaskExecutorRunsDecorsAsynchronousWork() {
    ApplicationContextRunner withExecutor = runner.withConfiguration(
        AutoConfigurations.of(TaskExecutionAutoConfiguration.class));
    withExecutor.withPropertyValues("spring.task.execution.thread-name-prefix=app-task-")
        .run(context -> assertThat(secondAttemptThread(context.getBean(Decor.class)))
            .startsWith("app-task-"));
    withExecutor.withPropertyValues("spring.task.execution.thread-name-prefix=app-task-",
            "decor.application-executor=false")
        .run(context -> assertThat(secondAttemptThread(context.getBean(Decor.class)))
            .doesNotStartWith("app-task-"));
    runner.run(context -> assertThat(secondAttemptThread(context.getBean(Decor.class)))
        .startsWith("ForkJoinPool.commonPool"));
  }

  @Test
  void propertiesReachTheEngine() {
    runner.withPropertyValues("decor.batch-shutdown-timeout=3s")
        .run(context -> assertThat(context.getBean(DecorProperties.class)
            .getBatchShutdownTimeout()).isEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void aBadOverrideFailsStartUpNamingItsKey() {
    runner.withPropertyValues("decor.methods.Greeter.greet.retry.max-attempts=0")
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("decor.methods.Greeter.greet.retry.max-attempts"));
  }

  @Test
  void customizersAdjustTheBuilder() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner.withBean(DecorBuilderCustomizer.class, () -> b -> b.meterRegistry(registry))
        .run(context -> assertThat(context.getBean(Decor.class).meterRegistry())
            .isSameAs(registry));
  }

  @Test
  void aBeanWithAGeneratedWrapperIsCreatedAsTheWrapper() {
    runner.withBean(GreetingFormat.class).withBean(GeneratedGreeter.class).run(context -> {
      assertThat(context.getBean(GeneratedGreeter.class))
          .isInstanceOf(DecoratedGeneratedGreeter.class);
      assertThat(context.getBean(DecoratedBeans.class).beans().values())
          .extracting(DecoratedBeans.Bean::type, DecoratedBeans.Bean::mode)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(GeneratedGreeter.class,
              "generated"));
    });
  }

  @Test
  void aDecoratedBeanFromABeanMethodIsCreatedOnceTheContextsEngineIsGlobal() {
    runner.withUserConfiguration(WovenBeanMethod.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(WovenBeanMethod.globalAtCreation).isSameAs(context.getBean(Decor.class));
    });
  }

  /** A {@code @Bean} method whose return type is a woven class: it decides the bean's class. */
  @Configuration(proxyBeanMethods = false)
  static class WovenBeanMethod {
    static volatile Decor globalAtCreation;

    @Bean
    WovenGreeter wovenGreeter() {
      globalAtCreation = Decor.global();
      return new WovenGreeter();
    }
  }

  @Test
  void decorGeneratedBeansFalseLeavesTheClassAndTheCheckFailsIt() {
    runner.withPropertyValues("decor.generated-beans=false")
        .withBean(GreetingFormat.class).withBean(GeneratedGreeter.class)
        .run(context -> assertThat(context).getFailure()
            .hasStackTraceContaining("[decor/BeanNotDecorated]")
            .hasStackTraceContaining("GeneratedGreeter.greet(String)"));
  }

  @Test
  void decorCheckBeansFalseLetsAnUndecoratedBeanStart() {
    runner.withPropertyValues("decor.check-beans=false").withBean(Forgotten.class)
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Forgotten.class));
  }

  @Test
  void healthIsUpAndAnOpenBreakerTakesItOutOfService() {
    runner.run(context -> {
      DecorHealthIndicator health = context.getBean(DecorHealthIndicator.class);
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      CircuitBreaker breaker = context.getBean(Decor.class).circuitBreakerRegistry()
          .circuitBreaker("Payments.charge");
      breaker.transitionToOpenState();
      assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
      assertThat(health.health().getDetails()).containsKey("openBreakers");
    });
  }

  @Test
  void theBreakerOpenStatusIsAProperty() {
    runner.withPropertyValues("decor.health.breaker-open-status=DOWN").run(context -> {
      context.getBean(Decor.class).circuitBreakerRegistry().circuitBreaker("Payments.charge")
          .transitionToOpenState();
      assertThat(context.getBean(DecorHealthIndicator.class).health().getStatus())
          .isEqualTo(Status.DOWN);
    });
  }

  @Test
  void healthCanBeTurnedOff() {
    runner.withPropertyValues("management.health.decor.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(DecorHealthIndicator.class));
  }

  @Test
  void withoutActuatorTheEngineStillRunsWithNoEndpointOrHealth() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
            "org.springframework.boot.health"))
        .withPropertyValues("management.endpoints.web.exposure.include=decor")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(Decor.class);
          assertThat(context).doesNotHaveBean(DecorEndpoint.class);
          assertThat(context).doesNotHaveBean("decorHealthIndicator");
        });
  }

  @Test
  void withoutAJCacheManagerOrSharedTierBeanNoTierIsConfigured() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean("decorJCacheSharedTier");
      assertThat(context).doesNotHaveBean("decorSharedTier");
    });
  }

  @Test
  void theEndpointExistsOnlyWhenExposed() {
    runner.run(context -> assertThat(context).doesNotHaveBean(DecorEndpoint.class));
    runner.withPropertyValues("management.endpoints.web.exposure.include=decor")
        .run(context -> assertThat(context).hasSingleBean(DecorEndpoint.class));
  }
}
