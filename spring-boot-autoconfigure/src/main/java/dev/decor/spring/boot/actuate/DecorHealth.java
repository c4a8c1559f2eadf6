package dev.decor.spring.boot.actuate;

import dev.decor.batch.BatchStats;
import dev.decor.cache.SharedTierStatus;
import dev.decor.engine.Decor;
import dev.decor.spring.boot.DecorProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * decor's health, independent of Boot's health API (which moved between Boot 3 and Boot 4): the
 * status code and the details that {@link DecorHealthIndicator} (Boot 4) and the Boot 3 indicator
 * report as the {@code decor} component of {@code /actuator/health}.
 *
 * <ul>
 *   <li>a circuit breaker open or forced open: {@code decor.health.breaker-open-status}
 *       (OUT_OF_SERVICE);</li>
 *   <li>a batcher whose queue is full: {@code decor.health.batch-queue-full-status}
 *       (OUT_OF_SERVICE);</li>
 *   <li>the shared cache tier skipped after failures: {@code decor.health.shared-tier-down-status}
 *       (UP: calls compute instead);</li>
 *   <li>otherwise UP.</li>
 * </ul>
 * The worst applies, in Boot's default order (DOWN, OUT_OF_SERVICE, any other, UP). Stateless;
 * each check reads the engine afresh.
 */
public final class DecorHealth {
  private static final List<String> SEVERITY = List.of("DOWN", "OUT_OF_SERVICE");

  private final Decor engine;
  private final DecorProperties.Health statuses;

  public DecorHealth(Decor engine, DecorProperties.Health statuses) {
    this.engine = engine;
    this.statuses = statuses;
  }

  /** One check: a status code and its details. */
  public record Result(String status, Map<String, Object> details) {}

  /** Reads the engine's breakers, batchers and shared tier now. */
  public Result check() {
    String status = "UP";
    Map<String, Object> details = new LinkedHashMap<>();

    Map<String, String> breakers = new TreeMap<>();
    List<String> open = new ArrayList<>();
    for (CircuitBreaker breaker : engine.circuitBreakerRegistry().getAllCircuitBreakers()) {
      CircuitBreaker.State state = breaker.getState();
      breakers.put(breaker.getName(), state.name());
      if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
        open.add(breaker.getName());
      }
    }
    status = report(details, status, "breakers", breakers,
        "openBreakers", open, statuses.getBreakerOpenStatus());

    Map<String, Object> batches = new TreeMap<>();
    List<String> full = new ArrayList<>();
    for (Map.Entry<String, BatchStats> e : engine.batchStats().entrySet()) {
      BatchStats stats = e.getValue();
      batches.put(e.getKey(), Map.of("queued", stats.queued(),
          "queueCapacity", stats.queueCapacity(), "running", stats.running()));
      if (stats.queueFull()) {
        full.add(e.getKey());
      }
    }
    status = report(details, status, "batches", batches,
        "fullQueues", full, statuses.getBatchQueueFullStatus());

    SharedTierStatus tier = engine.sharedTierStatus();
    if (tier != SharedTierStatus.NONE) {
      details.put("sharedTier", tier.name());
    }
    if (tier == SharedTierStatus.DOWN) {
      status = worse(status, statuses.getSharedTierDownStatus());
    }
    return new Result(status, details);
  }

  /**
   * Puts one family's members under {@code key} and those in trouble under {@code troubledKey}
   * (each only when there are any); members in trouble make {@code status} at least
   * {@code troubledStatus}. Answers the status.
   */
  private static String report(Map<String, Object> details, String status, String key,
      Map<String, ?> members, String troubledKey, List<String> troubled, String troubledStatus) {
    if (!members.isEmpty()) {
      details.put(key, members);
    }
    if (troubled.isEmpty()) {
      return status;
    }
    details.put(troubledKey, troubled);
    return worse(status, troubledStatus);
  }

  /** The more severe of two status codes in Boot's default order. */
  static String worse(String a, String b) {
    return rank(b.toUpperCase(Locale.ROOT)) < rank(a) ? b.toUpperCase(Locale.ROOT) : a;
  }

  private static int rank(String code) {
    int i = SEVERITY.indexOf(code);
    if (i >= 0) {
      return i;
    }
    return "UP".equals(code) ? SEVERITY.size() + 1 : SEVERITY.size();
  }
}
