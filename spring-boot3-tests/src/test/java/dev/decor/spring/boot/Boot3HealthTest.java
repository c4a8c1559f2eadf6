package dev.decor.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.engine.Decor;
import dev.decor.spring.boot.actuate.DecorEndpointAutoConfiguration;
import dev.decor.spring.boot.actuate.DecorHealthAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** decor's health on Boot 3's health API ({@code org.springframework.boot.actuate.health}). */
class Boot3HealthTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DecorAutoConfiguration.class,
          DecorHealthAutoConfiguration.class, DecorEndpointAutoConfiguration.class));

  @Test
  void healthIsUpAndAnOpenBreakerTakesItOutOfService() {
    runner.run(context -> {
      assertThat(context).hasBean("decorHealthIndicator");
      HealthIndicator health = context.getBean("decorHealthIndicator", HealthIndicator.class);
      assertThat(context.getBeansOfType(HealthIndicator.class)).containsKey("decorHealthIndicator");
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      context.getBean(Decor.class).circuitBreakerRegistry().circuitBreaker("Payments.charge")
          .transitionToOpenState();
      assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
      assertThat(health.health().getDetails()).containsKey("openBreakers");
    });
  }

  @Test
  void healthCanBeTurnedOff() {
    runner.withPropertyValues("management.health.decor.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean("decorHealthIndicator"));
  }
}
