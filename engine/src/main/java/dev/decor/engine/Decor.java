package dev.decor.engine;

import dev.decor.cache.CacheStats;
import dev.decor.cache.SharedTier;
import dev.decor.cache.ValueCodec;
import dev.decor.spec.Spec;
import dev.decor.timing.TimingStats;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One decor engine: its timing, cache and retry registries, its clock, how retries wait, and the
 * Micrometer registry it reports to — built as an object, like a Caffeine cache or a resilience4j
 * registry.
 *
 * <p>Annotated methods (generated wrappers and woven classes) run on the {@linkplain #global()
 * global engine}, which needs no set-up; a test or an application that wants its own clock,
 * instant retries or a {@link MeterRegistry} of its own builds an engine and either uses it
 * directly ({@link #chain}, {@link #decorate}) or makes it the global one ({@link #setGlobal}).
 * Each engine has its own registries, so a fresh engine starts with empty caches, zero timings
 * and new retries:
 *
 * <pre>{@code
 * Decor engine = Decor.builder().instantRetries().meterRegistry(new SimpleMeterRegistry()).build();
 * Decor previous = Decor.setGlobal(engine);   // annotated methods now report to `engine`
 * try { ... } finally { Decor.setGlobal(previous); }
 * }</pre>
 *
 * <p>A chain built by {@link Chains#of} (what generated code and the aspect call) follows the
 * global engine: after {@link #setGlobal} its next call binds to the new engine (a volatile read
 * per call). A chain built by {@link #chain} stays on its engine.
 *
 * <p>Thread-safe; share one instance.
 */
public final class Decor implements AutoCloseable {
  /** How a synchronous retry waits: sleeps the calling thread; may throw {@link InterruptedException}. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /** How an asynchronous retry waits: returns an executor that runs its task after {@code nanos}. */
  @FunctionalInterface
  public interface Scheduler {
    Executor after(long nanos);
  }

  /** System property: cache names the default builder shares ({@link Builder#shareCaches}). */
  public static final String SHARED_PROPERTY = "decor.cache.shared";
  /** System property: cache names the default builder keeps in-process ({@link Builder#localCaches}). */
  public static final String LOCAL_PROPERTY = "decor.cache.local";
  /** System property: the default builder's {@link Builder#sharedTimeout}, e.g. {@code "200ms"}. */
  public static final String SHARED_TIMEOUT_PROPERTY = "decor.cache.shared.timeout";
  /** System property: the default builder's {@link Builder#sharedRetryAfter}, e.g. {@code "10s"}. */
  public static final String SHARED_RETRY_AFTER_PROPERTY = "decor.cache.shared.retryAfter";

  private static volatile Decor global;

  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final Scheduler scheduler;
  private final TimingRegistry timings;
  private final SharedTierClient shared;
  private final CacheRegistry caches;
  private final RetryRegistryHolder retries = new RetryRegistryHolder();
  private final BatchRegistry batches = new BatchRegistry(this);
  private final long batchShutdownNanos;

  private Decor(Builder b) {
    this.nanoTime = b.nanoTime;
    this.sleeper = b.sleeper;
    this.scheduler = b.scheduler != null
        ? b.scheduler
        : nanos -> CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, b.executor);
    this.timings = new TimingRegistry(b.meterRegistry);
    this.shared = new SharedTierClient(b.sharedTier, b.sharedTimeout, b.sharedRetryAfter,
        nanoTime, b.meterRegistry, b.sharedThreads);
    // Expiry reads the engine's clock too.
    this.caches = new CacheRegistry(nanoTime::getAsLong, b.executor, b.meterRegistry, shared,
        b.sharedCaches, b.localCaches, b.valueCodecs);
    this.batchShutdownNanos = b.batchShutdownTimeout.toNanos();
  }

  /** A builder with the production defaults: {@link System#nanoTime}, real sleeps, the global MeterRegistry. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The engine annotated methods run on: the last one passed to {@link #setGlobal}, or one built
   * with the defaults on first use.
   */
  public static Decor global() {
    Decor g = global;
    return g != null ? g : initGlobal();
  }

  /** The global engine, or null before its first use: the per-call check of {@link Chain}. */
  static Decor currentGlobal() {
    return global;
  }

  private static synchronized Decor initGlobal() {
    if (global == null) {
      global = builder().build();
    }
    return global;
  }

  /**
   * Makes {@code engine} the global one; returns the previous global engine (to restore it).
   * Chains of annotated methods move to {@code engine} on their next call; calls in flight finish
   * on the engine they started on.
   */
  public static synchronized Decor setGlobal(Decor engine) {
    Decor previous = global();
    global = Objects.requireNonNull(engine, "engine");
    return previous;
  }

  /**
   * The chain of {@code key}'s method on this engine (it never follows {@link #setGlobal}).
   *
   * @throws IllegalArgumentException with a {@code [decor/…]} text when the combination is invalid
   */
  public Chain chain(MethodKey key, Spec... specs) {
    return Chains.build(this, key, specs);
  }

  /** Decorates a lambda or a function you don't own on this engine — see {@link Decorators}. */
  public Decorators.Builder decorate(String name) {
    return new Decorators.Builder(this, Objects.requireNonNull(name, "name"));
  }

  // ---- timings ----

  /** The timings of the method named {@code name}; {@link TimingStats#EMPTY} if never called. */
  public TimingStats timingStats(String name) {
    return timings.stats(Objects.requireNonNull(name, "name"));
  }

  /** The names with at least one recorded call. */
  public Set<String> timingNames() {
    return timings.names();
  }

  /** Sets the timings of {@code name} back to zero (Micrometer's timers are left as they are). */
  public void resetTimings(String name) {
    timings.reset(Objects.requireNonNull(name, "name"));
  }

  /** The Micrometer registry {@code @Timed} reports to. */
  public MeterRegistry meterRegistry() {
    return timings.registry();
  }

  /** Sends this engine's {@code @Timed} timers to {@code registry} from now on. */
  public void bindTo(MeterRegistry registry) {
    timings.bindTo(Objects.requireNonNull(registry, "registry"));
  }

  // ---- caches ----

  /** The statistics of cache {@code name}; {@link CacheStats#EMPTY} if no cache has that name. */
  public CacheStats cacheStats(String name) {
    return caches.stats(Objects.requireNonNull(name, "name"));
  }

  /** Empties cache {@code name} and resets its statistics; does nothing for an unknown name. */
  public void clearCache(String name) {
    caches.clear(Objects.requireNonNull(name, "name"));
  }

  /** The names of every cache registered on this engine. */
  public Set<String> cacheNames() {
    return caches.names();
  }

  // ---- retries ----

  /** The retry of the method named {@code name}, once its chain has been built on this engine. */
  public Optional<Retry> retry(String name) {
    return retries.registry().find(Objects.requireNonNull(name, "name"));
  }

  /** This engine's resilience4j registry (e.g. to bind resilience4j's Micrometer metrics). */
  public RetryRegistry retryRegistry() {
    return retries.registry();
  }

  // ---- batches ----

  /**
   * A batcher for {@code method} on this engine — {@code @Batched} without the annotation: single
   * items in, one {@code method} call per batch ({@code spec.method()} is not used).
   *
   * <pre>{@code
   * Batcher<Image, Label> predict = engine.batch("Model.predict",
   *     BatchedSpec.builder().maxSize(32).maxWait("5ms").build(), model::predictAll);
   * Label label = predict.apply(image);                        // waits for its batch
   * CompletableFuture<Label> later = predict.submit(image);    // or does not
   * }</pre>
   *
   * @param name the name in metrics ({@code decor.batch.*}, tag {@code name}), thread names and
   *     messages
   */
  public <In, Out> Batcher<In, Out> batch(String name, BatchedSpec spec,
      BatchMethod<In, Out> method) {
    return batches.create(Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(method, "method"));
  }

  /**
   * Closes this engine's batchers and its shared tier (the parts of an engine that own threads
   * or connections; caches stay in-process from then on): queued items
   * are dispatched at once and new ones rejected with {@code [decor/BatchShutdown]}; after the
   * builder's {@link Builder#batchShutdownTimeout} whatever is still unanswered fails with that
   * text and the workers are interrupted. Returns when every item is answered or failed.
   * Idempotent; timings, caches and retries keep working.
   */
  @Override
  public void close() {
    batches.close(batchShutdownNanos);
    shared.close();
  }

  // ---- for the decorators ----

  long nanoTime() {
    return nanoTime.getAsLong();
  }

  Sleeper sleeper() {
    return sleeper;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  TimingRegistry timings() {
    return timings;
  }

  CacheRegistry caches() {
    return caches;
  }

  RetryRegistryHolder retries() {
    return retries;
  }

  BatchRegistry batches() {
    return batches;
  }

  @Override
  public String toString() {
    return "Decor[caches=" + caches.names() + ", meterRegistry="
        + timings.registry().getClass().getSimpleName() + "]";
  }

  /**
   * Settings of a {@link Decor}. Not thread-safe; build once.
   *
   * <pre>{@code
   * Decor engine = Decor.builder()
   *     .instantRetries()                        // tests: retries do not wait
   *     .nanoTime(fakeClock::nanos)              // tests: @Timed reads this clock
   *     .meterRegistry(registry)
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private LongSupplier nanoTime = System::nanoTime;
    private Sleeper sleeper = nanos -> TimeUnit.NANOSECONDS.sleep(nanos);
    private Scheduler scheduler;
    private Executor executor = ForkJoinPool.commonPool();
    private MeterRegistry meterRegistry = Metrics.globalRegistry;
    private Duration batchShutdownTimeout = Duration.ofSeconds(10);
    private SharedTier sharedTier;
    private final Set<String> sharedCaches = new LinkedHashSet<>();
    private final Set<String> localCaches = new LinkedHashSet<>();
    private Duration sharedTimeout = Duration.ofMillis(50);
    private Duration sharedRetryAfter = Duration.ofSeconds(5);
    private int sharedThreads = 4;
    private final Map<Class<?>, ValueCodec<?>> valueCodecs = new HashMap<>();

    private Builder() {
      configure(System::getProperty);
    }

    /**
     * The operator's settings: cache names to share or keep in-process, and the shared tier's
     * timeout and retry interval as durations ({@code "200ms"}); a bad duration fails the build of
     * the engine with decor's duration message.
     */
    Builder configure(Function<String, String> properties) {
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

    /** The clock {@code @Timed} and {@code @Cached(expireAfterWrite)} read (default {@link System#nanoTime}). */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /** How synchronous retries wait (default {@link TimeUnit#sleep}). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * How asynchronous retries schedule their next attempt (default
     * {@link CompletableFuture#delayedExecutor} on {@link #executor}).
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Where asynchronous retries run their next attempt, and where the caches run Caffeine's
     * maintenance (eviction, expiry, the access-order bookkeeping of reads), as Caffeine itself
     * does by default: the common pool.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Retries do not wait: synchronous ones go on at once, asynchronous ones on the calling thread. */
    public Builder instantRetries() {
      this.sleeper = nanos -> { };
      this.scheduler = nanos -> Runnable::run;
      return this;
    }

    /** The Micrometer registry {@code @Timed} reports to (default {@link Metrics#globalRegistry}). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * How long {@link Decor#close} lets running and queued batches finish before failing them
     * (default 10 s).
     */
    public Builder batchShutdownTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("batchShutdownTimeout must not be negative: " + timeout);
      }
      this.batchShutdownTimeout = timeout;
      return this;
    }

    /**
     * Where shared caches keep their values (e.g. {@code JCacheTier.of(cacheManager)} from
     * decor-jcache). Without one, the first {@link SharedTier} that {@link java.util.ServiceLoader}
     * finds is used when a cache is shared; without any, caches stay in-process.
     */
    public Builder sharedTier(SharedTier tier) {
      this.sharedTier = Objects.requireNonNull(tier, "tier");
      return this;
    }

    /**
     * Shares these caches (by cache name: a method's default name is {@code Class.method}) as if
     * they said {@code @Cached(shared = true)} — so operators can turn sharing on without a
     * rebuild. A cache whose keys or values cannot be shared stays in-process, with a warning.
     * The default builder adds the names in system property {@value #SHARED_PROPERTY}
     * (comma-separated).
     */
    public Builder shareCaches(String... cacheNames) {
      sharedCaches.addAll(Arrays.asList(cacheNames));
      return this;
    }

    /**
     * Keeps these caches in-process even when their annotation or {@link #shareCaches} shares
     * them. The default builder adds the names in system property {@value #LOCAL_PROPERTY}.
     */
    public Builder localCaches(String... cacheNames) {
      localCaches.addAll(Arrays.asList(cacheNames));
      return this;
    }

    /**
     * The longest a call waits for the shared tier before computing instead (default 50 ms;
     * system property {@value Decor#SHARED_TIMEOUT_PROPERTY}).
     * A tier that fails or times out {@value SharedTierClient#FAILURES_TO_OPEN} times in a row is
     * skipped for {@link #sharedRetryAfter}.
     */
    public Builder sharedTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("sharedTimeout must be positive: " + timeout);
      }
      this.sharedTimeout = timeout;
      return this;
    }

    /**
     * How long a failing shared tier is skipped before calls try it again (default 5 s; system
     * property {@value Decor#SHARED_RETRY_AFTER_PROPERTY}).
     */
    public Builder sharedRetryAfter(Duration retryAfter) {
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("sharedRetryAfter must not be negative: " + retryAfter);
      }
      this.sharedRetryAfter = retryAfter;
      return this;
    }

    /** How many threads run shared-tier calls (default 4); lookups beyond a queue of 1,024 compute. */
    public Builder sharedThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("sharedThreads must be at least 1: " + threads);
      }
      this.sharedThreads = threads;
      return this;
    }

    /** How shared caches write and read values of exactly {@code type}; see {@link ValueCodec}. */
    public <T> Builder valueCodec(Class<T> type, ValueCodec<T> codec) {
      valueCodecs.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(codec, "codec"));
      return this;
    }

    public Decor build() {
      return new Decor(this);
    }
  }
}
