package dev.decor.spring.boot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * decor's settings in a Spring Boot application, under {@code decor.*} (application.properties,
 * YAML, environment variables, command-line arguments: every source Boot reads). The engine's own
 * keys ({@code decor.cache.shared}, {@code decor.cache.local}, {@code decor.cache.shared.timeout},
 * {@code decor.cache.shared.retryAfter}) are read from the same environment, so a
 * {@code -D} flag and an {@code application.properties} line say the same thing.
 *
 * <pre>{@code
 * decor.batch-shutdown-timeout=20s
 * decor.cache.shared=PredictionService.predict
 * decor.health.breaker-open-status=DOWN
 * }</pre>
 *
 * <p>Bound once at start-up; not thread-safe to change afterwards (live tuning goes through
 * {@code /actuator/decor}).
 */
@ConfigurationProperties("decor")
public class DecorProperties {
  /** Whether decor's auto-configuration applies at all. */
  private boolean enabled = true;

  /**
   * How long closing the engine at shutdown lets queued and running batches finish before failing
   * what is left with [decor/BatchShutdown].
   */
  private Duration batchShutdownTimeout = Duration.ofSeconds(10);

  /**
   * Whether beans whose class has a generated Decorated... wrapper are created as that wrapper
   * (the processor's mode, without a proxy).
   */
  private boolean generatedBeans = true;

  /**
   * Whether start-up fails on a bean with decor annotations that is neither woven nor a generated
   * wrapper (its annotations would do nothing).
   */
  private boolean checkBeans = true;

  /**
   * Whether the engine makes an Observation of each @Timed call and each batch in the context's
   * ObservationRegistry, when the context has one.
   */
  private boolean observations = true;

  /**
   * Whether the context's applicationTaskExecutor runs decor's asynchronous work (asynchronous
   * retries, cache maintenance), when the context has one; else the common pool.
   */
  private boolean applicationExecutor = true;

  private final Cache cache = new Cache();

  private final Health health = new Health();

  /**
   * Per-method overrides, {@code decor.methods.<name>.<decorator>.<attribute>}: the method's decor
   * name ({@code PredictionService.predict}), the decorator ({@code retry}) and the attribute
   * ({@code maxAttempts}). Passed to the engine as configuration overrides.
   */
  private Map<String, String> methods = new LinkedHashMap<>();

  /** Per-cache overrides, {@code decor.caches.<name>.<attribute>}. */
  private Map<String, String> caches = new LinkedHashMap<>();

  /** Per-batcher overrides, {@code decor.batches.<name>.<attribute>}. */
  private Map<String, String> batches = new LinkedHashMap<>();

  /** Per-concurrency-limit overrides, {@code decor.limits.<name>.<attribute>}. */
  private Map<String, String> limits = new LinkedHashMap<>();

  /** Per-circuit-breaker overrides, {@code decor.breakers.<name>.<attribute>}. */
  private Map<String, String> breakers = new LinkedHashMap<>();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getBatchShutdownTimeout() {
    return batchShutdownTimeout;
  }

  public void setBatchShutdownTimeout(Duration batchShutdownTimeout) {
    this.batchShutdownTimeout = batchShutdownTimeout;
  }

  public boolean isGeneratedBeans() {
    return generatedBeans;
  }

  public void setGeneratedBeans(boolean generatedBeans) {
    this.generatedBeans = generatedBeans;
  }

  public boolean isCheckBeans() {
    return checkBeans;
  }

  public void setCheckBeans(boolean checkBeans) {
    this.checkBeans = checkBeans;
  }

  public boolean isObservations() {
    return observations;
  }

  public void setObservations(boolean observations) {
    this.observations = observations;
  }

  public boolean isApplicationExecutor() {
    return applicationExecutor;
  }

  public void setApplicationExecutor(boolean applicationExecutor) {
    this.applicationExecutor = applicationExecutor;
  }

  public Cache getCache() {
    return cache;
  }

  public Health getHealth() {
    return health;
  }

  public Map<String, String> getMethods() {
    return methods;
  }

  public void setMethods(Map<String, String> methods) {
    this.methods = methods;
  }

  public Map<String, String> getCaches() {
    return caches;
  }

  public void setCaches(Map<String, String> caches) {
    this.caches = caches;
  }

  public Map<String, String> getBatches() {
    return batches;
  }

  public void setBatches(Map<String, String> batches) {
    this.batches = batches;
  }

  public Map<String, String> getLimits() {
    return limits;
  }

  public void setLimits(Map<String, String> limits) {
    this.limits = limits;
  }

  public Map<String, String> getBreakers() {
    return breakers;
  }

  public void setBreakers(Map<String, String> breakers) {
    this.breakers = breakers;
  }

  /**
   * The shared cache tier. The engine's own keys {@code decor.cache.shared},
   * {@code decor.cache.local}, {@code decor.cache.shared.timeout} and
   * {@code decor.cache.shared.retryAfter} are read from the environment as the engine reads them
   * from system properties (their metadata is declared beside this class's).
   */
  public static class Cache {
    /** How many threads run shared-tier calls (default 4). */
    private Integer sharedThreads;

    public Integer getSharedThreads() {
      return sharedThreads;
    }

    public void setSharedThreads(Integer sharedThreads) {
      this.sharedThreads = sharedThreads;
    }
  }

  /** The statuses decor's health contribution reports. */
  public static class Health {
    /**
     * Status while a circuit breaker is open (calls refused until it half-opens): OUT_OF_SERVICE
     * by default, as the service deliberately refuses that work for now.
     */
    private String breakerOpenStatus = "OUT_OF_SERVICE";

    /** Status while a batcher's queue is full (the next item is rejected). */
    private String batchQueueFullStatus = "OUT_OF_SERVICE";

    /**
     * Status while the shared cache tier is skipped after failures: UP by default, since every
     * call still answers (computing instead of sharing); DOWN takes a replica out of rotation.
     */
    private String sharedTierDownStatus = "UP";

    public String getBreakerOpenStatus() {
      return breakerOpenStatus;
    }

    public void setBreakerOpenStatus(String breakerOpenStatus) {
      this.breakerOpenStatus = breakerOpenStatus;
    }

    public String getBatchQueueFullStatus() {
      return batchQueueFullStatus;
    }

    public void setBatchQueueFullStatus(String batchQueueFullStatus) {
      this.batchQueueFullStatus = batchQueueFullStatus;
    }

    public String getSharedTierDownStatus() {
      return sharedTierDownStatus;
    }

    public void setSharedTierDownStatus(String sharedTierDownStatus) {
      this.sharedTierDownStatus = sharedTierDownStatus;
    }
  }
}
