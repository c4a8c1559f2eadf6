package dev.decor.spring.boot.actuate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * decor's component of {@code /actuator/health} on Boot 4 ({@code decor}): see
 * {@link DecorHealth} for the statuses. Thread-safe.
 */
public final class DecorHealthIndicator implements HealthIndicator {
  private final DecorHealth health;

  public DecorHealthIndicator(DecorHealth health) {
    this.health = health;
  }

  @Override
  public Health health() {
    DecorHealth.Result result = health.check();
    return Health.status(result.status()).withDetails(result.details()).build();
  }
}
