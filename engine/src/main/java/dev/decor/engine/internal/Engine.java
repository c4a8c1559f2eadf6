package dev.decor.engine.internal;

import dev.decor.batch.BatchRegistry;
import dev.decor.breaker.CircuitBreakerRegistryHolder;
import dev.decor.cache.CacheRegistry;
import dev.decor.cache.SharedTier;
import dev.decor.cache.ValueCodec;
import dev.decor.config.Overrides;
import dev.decor.fallback.FallbackRegistry;
import dev.decor.grad.GradContext;
import dev.decor.internal.Durations;
import dev.decor.kernel.GlobalEngine;
import dev.decor.kernel.Scheduler;
import dev.decor.kernel.Sleeper;
import dev.decor.limit.LimitRegistry;
import dev.decor.retry.RetryRegistryHolder;
import dev.decor.timeout.TimeoutRegistry;
import dev.decor.timing.TimingRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One engine's parts — each wing's registry, the clock, how waits pass — and the global engine
 * chains follow. What {@link dev.decor.engine.Decor} presents to users; what {@link Chain}s bind
 * their {@link Pipeline} to.
 *
 * <p>Not API. Thread-safe.
 */
public final class Engine {
  /** The global engine, or null before its first use: the per-call check of {@link Chain}. */
  private static volatile Engine global;

  private final LongSupplier nanoTime;
  private final TimingRegistry timings;
  private final CacheRegistry caches;
  private final RetryRegistryHolder retries;
  private final BatchRegistry batches;
  private final CircuitBreakerRegistryHolder breakers;
  private final FallbackRegistry fallbacks;
  private final TimeoutRegistry timeouts;
  private final LimitRegistry limits;
  private final long batchShutdownNanos;
  private final Overrides overrides;
  /** The API object presenting this engine, made once ({@link #face}). */
  private volatile Object face;

  /**
   * @throws IllegalArgumentException {@code [decor/Overrides]} when a configuration override (the
   *     builder's, an environment variable or a system property) is invalid
   */
  public Engine(Settings s) {
    // First: a bad override fails the engine before it starts anything.
    this.overrides = Overrides.read(s.overrides, System.getenv(), systemProperties());
    this.nanoTime = s.nanoTime;
    Scheduler scheduler = s.scheduler != null
        ? s.scheduler
        : nanos -> CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, s.executor);
    this.timings = new TimingRegistry(s.meterRegistry, nanoTime, s.observationRegistry);
    this.retries = new RetryRegistryHolder(s.sleeper, scheduler, nanoTime);
    // Expiry reads the engine's clock too.
    this.caches = new CacheRegistry(nanoTime, s.executor, s.meterRegistry, s.sharedTier,
        s.sharedTimeout, s.sharedRetryAfter, s.sharedThreads, s.sharedCaches, s.localCaches,
        s.valueCodecs);
    this.batches = new BatchRegistry(timings::registry, nanoTime, timings.observations());
    if (timings.observations() != null) {
      // Work handed from a virtual thread to a model thread stays in its caller's span.
      GradContext.carryObservations(timings.observations());
    }
    // Breakers read the engine's clock (openFor, slow calls); both report to its MeterRegistry.
    this.breakers = new CircuitBreakerRegistryHolder(nanoTime, timings::registry);
    this.fallbacks = new FallbackRegistry(timings::registry);
    // Its timer thread starts with the first @Timeout call, not here: an engine stays cheap.
    this.timeouts = new TimeoutRegistry(nanoTime, s.executor, timings::registry);
    this.limits = new LimitRegistry(timings::registry);
    this.batchShutdownNanos = s.batchShutdownTimeout.toNanos();
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> properties = new HashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("decor.")) {
        properties.put(name, System.getProperty(name));
      }
    }
    return properties;
  }

  /**
   * The engine annotated methods run on: the last one made global, or one built from the
   * {@linkplain Settings#Settings() default settings} on first use.
   */
  public static Engine global() {
    Engine g = global;
    return g != null ? g : initGlobal();
  }

  /** The global engine, or null before its first use: the per-call check of {@link Chain}. */
  static Engine currentGlobal() {
    return global;
  }

  private static synchronized Engine initGlobal() {
    if (global == null) {
      Engine engine = new Engine(new Settings());
      if (engine.caches.namesCaches()) {
        // Configured by system properties, and never closed: the JVM's exit is the last point
        // where a configured name that matched no cache can still be reported.
        CacheRegistry caches = engine.caches;
        Runtime.getRuntime().addShutdownHook(
            new Thread(caches::warnUnknownNames, "decor-cache-names"));
      }
      global = engine;
    }
    return global;
  }

  /** Makes {@code engine} the global one; returns the previous one. */
  public static synchronized Engine setGlobal(Engine engine) {
    Engine previous = global();
    global = Objects.requireNonNull(engine, "engine");
    return previous;
  }

  /**
   * The object presenting this engine to users, made by {@code make} on first request and the
   * same one after: so the API's {@code Decor.global()} is one object per engine.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T face(Function<Engine, T> make) {
    if (face == null) {
      face = make.apply(this);
    }
    return (T) face;
  }

  public long nanoTime() {
    return nanoTime.getAsLong();
  }

  public TimingRegistry timings() {
    return timings;
  }

  public CacheRegistry caches() {
    return caches;
  }

  public RetryRegistryHolder retries() {
    return retries;
  }

  public BatchRegistry batches() {
    return batches;
  }

  public CircuitBreakerRegistryHolder breakers() {
    return breakers;
  }

  public FallbackRegistry fallbacks() {
    return fallbacks;
  }

  public TimeoutRegistry timeouts() {
    return timeouts;
  }

  public LimitRegistry limits() {
    return limits;
  }

  /** The configuration overrides chains built on this engine apply, and what they report. */
  public Overrides overrides() {
    return overrides;
  }

  /**
   * Closes the batchers (draining them) and the shared tier, and lets the timeout timer's thread
   * end once idle; see {@code Decor.close}.
   */
  public void close() {
    batches.close(batchShutdownNanos);
    caches.close();
    timeouts.close();
  }

  /** This engine's part of {@code type}: the registry of a wing with a global facade. */
  <T> T part(Class<T> type) {
    Object part;
    if (type == TimingRegistry.class) {
      part = timings;
    } else if (type == CacheRegistry.class) {
      part = caches;
    } else if (type == RetryRegistryHolder.class) {
      part = retries;
    } else if (type == CircuitBreakerRegistryHolder.class) {
      part = breakers;
    } else if (type == TimeoutRegistry.class) {
      part = timeouts;
    } else if (type == LimitRegistry.class) {
      part = limits;
    } else {
      throw new IllegalArgumentException("An engine has no part " + type.getName());
    }
    return type.cast(part);
  }

  @Override
  public String toString() {
    return "Decor[caches=" + caches.names() + ", meterRegistry="
        + timings.registry().getClass().getSimpleName() + "]";
  }

  /** The wings' facades find the global engine's parts here ({@code META-INF/services}). */
  public static final class GlobalProvider implements GlobalEngine.Provider {
    @Override
    public <T> T part(Class<T> type) {
      return global().part(type);
    }
  }

  /**
   * What an engine is built from; {@code Decor.Builder} is its documented face. Starts from the
   * production defaults and the operator's system properties. Not thread-safe.
   */
  public static final class Settings {
    /** System property: cache names to share. */
    public static final String SHARED_PROPERTY = "decor.cache.shared";
    /** System property: cache names to keep in-process. */
    public static final String LOCAL_PROPERTY = "decor.cache.local";
    /** System property: the shared tier's timeout, e.g. {@code "200ms"}. */
    public static final String SHARED_TIMEOUT_PROPERTY = "decor.cache.shared.timeout";
    /** System property: how long a failing shared tier is skipped, e.g. {@code "10s"}. */
    public static final String SHARED_RETRY_AFTER_PROPERTY = "decor.cache.shared.retryAfter";

    LongSupplier nanoTime = System::nanoTime;
    Sleeper sleeper = nanos -> TimeUnit.NANOSECONDS.sleep(nanos);
    Scheduler scheduler;
    Executor executor = ForkJoinPool.commonPool();
    MeterRegistry meterRegistry = Metrics.globalRegistry;
    ObservationRegistry observationRegistry;
    Duration batchShutdownTimeout = Duration.ofSeconds(10);
    SharedTier sharedTier;
    final Set<String> sharedCaches = new LinkedHashSet<>();
    final Set<String> localCaches = new LinkedHashSet<>();
    Duration sharedTimeout = Duration.ofMillis(50);
    Duration sharedRetryAfter = Duration.ofSeconds(5);
    int sharedThreads = 4;
    final Map<Class<?>, ValueCodec<?>> valueCodecs = new HashMap<>();
    /** {@code Decor.Builder.override}: key → value, in the order given. */
    final Map<String, Object> overrides = new java.util.LinkedHashMap<>();

    /** The defaults, with the system properties applied. */
    public Settings() {
      configure(System::getProperty);
    }

    /**
     * The operator's settings: cache names to share or keep in-process, and the shared tier's
     * timeout and retry interval as durations ({@code "200ms"}); a bad duration fails with
     * decor's duration message.
     */
    public Settings configure(Function<String, String> properties) {
      sharedCaches.addAll(names(Objects.requireNonNullElse(properties.apply(SHARED_PROPERTY), "")));
      localCaches.addAll(names(Objects.requireNonNullElse(properties.apply(LOCAL_PROPERTY), "")));
      String timeout = properties.apply(SHARED_TIMEOUT_PROPERTY);
      if (timeout != null) {
        sharedTimeout(Durations.parse("-D" + SHARED_TIMEOUT_PROPERTY, timeout));
      }
      String retryAfter = properties.apply(SHARED_RETRY_AFTER_PROPERTY);
      if (retryAfter != null) {
        sharedRetryAfter(Durations.parse("-D" + SHARED_RETRY_AFTER_PROPERTY, retryAfter));
      }
      return this;
    }

    private static List<String> names(String list) {
      return Arrays.stream(list.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    public void nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    public void sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public void scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    public void executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
    }

    public void meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
    }

    public void observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "registry");
    }

    public void batchShutdownTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("batchShutdownTimeout must not be negative: " + timeout);
      }
      this.batchShutdownTimeout = timeout;
    }

    public void sharedTier(SharedTier tier) {
      this.sharedTier = Objects.requireNonNull(tier, "tier");
    }

    public void shareCaches(String... cacheNames) {
      sharedCaches.addAll(Arrays.asList(cacheNames));
    }

    public void localCaches(String... cacheNames) {
      localCaches.addAll(Arrays.asList(cacheNames));
    }

    public void sharedTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("sharedTimeout must be positive: " + timeout);
      }
      this.sharedTimeout = timeout;
    }

    public void sharedRetryAfter(Duration retryAfter) {
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("sharedRetryAfter must not be negative: " + retryAfter);
      }
      this.sharedRetryAfter = retryAfter;
    }

    public void sharedThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("sharedThreads must be at least 1: " + threads);
      }
      this.sharedThreads = threads;
    }

    public void override(String key, Object value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    public <T> void valueCodec(Class<T> type, ValueCodec<T> codec) {
      valueCodecs.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(codec, "codec"));
    }
  }
}
