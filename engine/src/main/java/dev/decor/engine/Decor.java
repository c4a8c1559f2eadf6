package dev.decor.engine;

import dev.decor.batch.BatchMethod;
import dev.decor.batch.BatchStats;
import dev.decor.batch.Batcher;
import dev.decor.cache.CacheRegistry;
import dev.decor.cache.CacheStats;
import dev.decor.cache.SharedTier;
import dev.decor.cache.SharedTierStatus;
import dev.decor.cache.ValueCodec;
import dev.decor.config.DecoratedMethod;
import dev.decor.config.FrontEnd;
import dev.decor.config.Overrides;
import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.engine.internal.Engine;
import dev.decor.fallback.FallbackMethod;
import dev.decor.kernel.MethodKey;
import dev.decor.limit.LimitStats;
import dev.decor.kernel.Scheduler;
import dev.decor.kernel.Sleeper;
import dev.decor.internal.Messages;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.Spec;
import dev.decor.timing.TimingStats;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One decor engine: its timing, cache, retry and circuit-breaker registries, its clock (which also
 * drives {@code @CircuitBreaker(openFor)}), how retries wait, and the
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
  /** System property: cache names the default builder shares ({@link Builder#shareCaches}). */
  public static final String SHARED_PROPERTY = Engine.Settings.SHARED_PROPERTY;
  /** System property: cache names the default builder keeps in-process ({@link Builder#localCaches}). */
  public static final String LOCAL_PROPERTY = Engine.Settings.LOCAL_PROPERTY;
  /** System property: the default builder's {@link Builder#sharedTimeout}, e.g. {@code "200ms"}. */
  public static final String SHARED_TIMEOUT_PROPERTY =
      Engine.Settings.SHARED_TIMEOUT_PROPERTY;
  /** System property: the default builder's {@link Builder#sharedRetryAfter}, e.g. {@code "10s"}. */
  public static final String SHARED_RETRY_AFTER_PROPERTY =
      Engine.Settings.SHARED_RETRY_AFTER_PROPERTY;

  /**
   * Where every configuration override key starts ({@code decor.methods}, {@code decor.caches},
   * {@code decor.batches}, {@code decor.limits}, {@code decor.breakers}): what a framework passes
   * to {@link Builder#overrides}. See docs/configuration.md.
   */
  public static final List<String> OVERRIDE_PREFIXES = Overrides.PREFIXES;

  private final Engine engine;

  private Decor(Engine engine) {
    this.engine = engine;
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
    return of(Engine.global());
  }

  private static Decor of(Engine engine) {
    return engine.face(Decor::new);
  }

  /**
   * Makes {@code engine} the global one; returns the previous global engine (to restore it).
   * Chains of annotated methods move to {@code engine} on their next call; calls in flight finish
   * on the engine they started on.
   */
  public static Decor setGlobal(Decor engine) {
    return of(Engine.setGlobal(Objects.requireNonNull(engine, "engine").engine));
  }

  /**
   * The chain of {@code key}'s method on this engine (it never follows {@link #setGlobal}).
   *
   * @throws IllegalArgumentException with a {@code [decor/…]} text when the combination is invalid
   */
  public Chain chain(MethodKey key, Spec... specs) {
    return Chains.build(engine, key, null, specs);
  }

  /**
   * The chain of {@code key}'s method on this engine, for specs with a
   * {@link dev.decor.spec.FallbackSpec}: {@code fallback} answers when the method fails.
   *
   * @throws IllegalArgumentException with a {@code [decor/…]} text when the combination is invalid
   */
  public Chain chain(MethodKey key, FallbackMethod fallback, Spec... specs) {
    return Chains.build(engine, key, Objects.requireNonNull(fallback, "fallback"), specs);
  }

  /** Decorates a lambda or a function you don't own on this engine — see {@link Decorators}. */
  public Decorators.Builder decorate(String name) {
    return new Decorators.Builder(engine, Objects.requireNonNull(name, "name"));
  }

  // ---- timings ----

  /** The timings of the method named {@code name}; {@link TimingStats#EMPTY} if never called. */
  public TimingStats timingStats(String name) {
    return engine.timings().stats(Objects.requireNonNull(name, "name"));
  }

  /** The names with at least one recorded call. */
  public Set<String> timingNames() {
    return engine.timings().names();
  }

  /** Sets the timings of {@code name} back to zero (Micrometer's timers are left as they are). */
  public void resetTimings(String name) {
    engine.timings().reset(Objects.requireNonNull(name, "name"));
  }

  /** The Micrometer registry {@code @Timed} reports to. */
  public MeterRegistry meterRegistry() {
    return engine.timings().registry();
  }

  /** The ObservationRegistry of {@code @Timed} calls and batches, or null when none was given. */
  public ObservationRegistry observationRegistry() {
    return engine.timings().observations();
  }

  /** Sends this engine's {@code @Timed} timers to {@code registry} from now on. */
  public void bindTo(MeterRegistry registry) {
    engine.timings().bindTo(Objects.requireNonNull(registry, "registry"));
  }

  // ---- caches ----

  /** The statistics of cache {@code name}; {@link CacheStats#EMPTY} if no cache has that name. */
  public CacheStats cacheStats(String name) {
    return engine.caches().stats(Objects.requireNonNull(name, "name"));
  }

  /** Empties cache {@code name} and resets its statistics; does nothing for an unknown name. */
  public void clearCache(String name) {
    engine.caches().clear(Objects.requireNonNull(name, "name"));
  }

  /** The names of every cache registered on this engine. */
  public Set<String> cacheNames() {
    return engine.caches().names();
  }

  /**
   * Whether this engine's shared cache tier is in use and answering: {@link SharedTierStatus#NONE}
   * until a shared cache opens one, {@link SharedTierStatus#DOWN} while calls skip it after
   * failures (they compute instead).
   */
  public SharedTierStatus sharedTierStatus() {
    return engine.caches().sharedTierStatus();
  }

  /**
   * The cache names this engine's configuration shares or keeps in-process ({@link
   * Builder#shareCaches}, {@link Builder#localCaches}, the system properties) that no cache has
   * registered so far — a typo, or a class not loaded yet. Caches register when their method's
   * chain is built (class initialization of a generated wrapper or a woven class), so check once
   * the application has started, e.g. in Spring on {@code ApplicationReadyEvent}. {@link #close}
   * logs them ({@code [decor/UnknownCacheName]}); the global engine that decor builds from the
   * system properties logs them when the JVM exits.
   */
  public Set<String> unknownCacheNames() {
    return engine.caches().unknownNames();
  }

  // ---- retries ----

  /** The retry of the method named {@code name}, once its chain has been built on this engine. */
  public Optional<Retry> retry(String name) {
    return engine.retries().registry().find(Objects.requireNonNull(name, "name"));
  }

  /** This engine's resilience4j registry (e.g. to bind resilience4j's Micrometer metrics). */
  public RetryRegistry retryRegistry() {
    return engine.retries().registry();
  }

  // ---- circuit breakers ----

  /**
   * The breaker named {@code name} on this engine (a method's decor name, or the
   * {@code @CircuitBreaker(name)} several share), once a chain using it has been built — read its
   * state with {@code getState()}; {@link dev.decor.breaker.CircuitBreakers#get} reads the global engine's.
   */
  public Optional<CircuitBreaker> circuitBreaker(String name) {
    return engine.breakers().find(Objects.requireNonNull(name, "name"));
  }

  /** This engine's resilience4j breaker registry (e.g. to bind resilience4j's Micrometer metrics). */
  public CircuitBreakerRegistry circuitBreakerRegistry() {
    return engine.breakers().registry();
  }

  // ---- concurrency limits ----

  /**
   * A snapshot of this engine's concurrency limit named {@code name} (a group, or the decor name
   * of a method with a limit of its own), if a chain using it has been built.
   */
  public Optional<LimitStats> limitStats(String name) {
    return Optional.ofNullable(engine.limits().stats(Objects.requireNonNull(name, "name")));
  }

  /** The names of this engine's concurrency limits. */
  public Set<String> limitNames() {
    return engine.limits().names();
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
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(method, "method");
    Overrides.Plan plan = engine.overrides().plan(FrontEnd.BATCHER, name, "", "",
        new Spec[] {Objects.requireNonNull(spec, "spec")}, false);
    Batcher<In, Out> batcher =
        engine.batches().create(name, (BatchedSpec) plan.effective()[0], method, Object.class);
    engine.overrides().record(plan);
    return batcher;
  }

  // ---- configuration ----

  /**
   * Every decorated method whose chain is bound to this engine — built on it, or (following the
   * global engine) built or called since it became global — and every {@link #batch} batcher,
   * sorted by name: its front end, its decorators in chain order (disabled ones included), and
   * the effective value of each attribute with its {@link dev.decor.config.Source} and key.
   * A snapshot; it shows {@link #tune} changes made before the call. See docs/configuration.md.
   */
  public List<DecoratedMethod> methods() {
    return engine.overrides().methods();
  }

  /**
   * Fails if an override names a method or group that no chain on this engine has: call it once
   * the application has started (its decorated classes initialised, woven methods called or
   * their chains built) to catch a misspelt name, which {@link Builder#build} cannot know.
   *
   * @throws IllegalStateException {@code [decor/UnknownOverrideName]} listing the keys
   */
  public void verifyOverrides() {
    List<String> unmatched = engine.overrides().unmatched();
    if (!unmatched.isEmpty()) {
      throw new IllegalStateException(
          Messages.unknownOverrideNames(String.join(", ", unmatched)));
    }
  }

  /**
   * Changes a setting of a batcher, concurrency limit or circuit breaker while the engine runs,
   * from the next batch or call on; thread-safe against calls in flight. {@code key} follows the
   * configuration scheme, naming a group as {@link #methods()} reports it:
   * <ul>
   *   <li>{@code decor.batches.<name>.maxSize}, {@code .maxWait}, {@code .queueTimeout},
   *       {@code .preferredSizes}, {@code .maxCost}, {@code .adaptive} — every
   *       batcher of that name (one per receiver of a {@code @Batched} method) and later ones;
   *       the settings together must still make a valid {@code @Batched} (preferred sizes
   *       within {@code maxSize});
   *   <li>{@code decor.limits.<name>.value} — the permits; lowering it admits no new call until
   *       the running ones fit, and in-flight calls finish;
   *   <li>{@code decor.breakers.<name>.}{@code failureRate}, {@code slowCallRate},
   *       {@code slowCall}, {@code window}, {@code openFor}, {@code halfOpenCalls} — the breaker
   *       is replaced by one with the new thresholds, an empty window and the same state.
   * </ul>
   * {@code value} is a string as configuration writes it ({@code "64"}, {@code "2ms"}) or a value
   * of the attribute's type ({@code 64}, {@link Duration}), checked by the same rules as the
   * annotation's value.
   *
   * <pre>{@code
   * engine.tune("decor.batches.Model.predict.maxWait", "2ms");
   * engine.tune("decor.limits.gpu.value", 4);
   * }</pre>
   *
   * @throws IllegalArgumentException {@code [decor/Tune]} for an attribute that cannot change
   *     while running or a name the engine has not built; {@code [decor/OverrideKey]} or
   *     {@code [decor/OverrideValue]} for a malformed key or value; the annotation's message for a
   *     value its rules refuse
   */
  public void tune(String key, Object value) {
    Overrides.Tuning t = engine.overrides().tuning(key, value);
    switch (t.order()) {
      case BATCHED -> engine.batches().tune(t.group(), t.attribute(), t.value());
      case CONCURRENCY_LIMIT -> {
        if (!engine.limits().resize(t.group(), (Integer) t.value())) {
          throw new IllegalArgumentException(
              Messages.tuneUnknown("limit", t.group(), engine.limits().names().toString()));
        }
      }
      case CIRCUIT_BREAKER -> {
        CircuitBreakerSpec current = engine.breakers().settings(t.group());
        if (current == null || !engine.breakers().tune(t.group(),
            (CircuitBreakerSpec) Overrides.retuned(current, t))) {
          throw new IllegalArgumentException(
              Messages.tuneUnknown("breaker", t.group(), "none made yet"));
        }
      }
      default -> throw new IllegalStateException(t.toString());
    }
    engine.overrides().tuned(t);
  }

  /**
   * A snapshot of each of this engine's batchers ({@code @Batched} methods and {@link #batch}) by
   * name: settings, queued items, running batches.
   */
  public SortedMap<String, BatchStats> batchStats() {
    return engine.batches().stats();
  }

  /**
   * Closes this engine's batchers and its shared tier (the parts of an engine that own threads
   * or connections; caches stay in-process from then on): queued items
   * are dispatched at once and new ones rejected with {@code [decor/BatchShutdown]}; after the
   * builder's {@link Builder#batchShutdownTimeout} whatever is still unanswered fails with that
   * text and the workers are interrupted. Returns when every item is answered or failed. The
   * timeout timer's thread ends once no deadline is pending (a later {@code @Timeout} call starts
   * it again). Idempotent; timings, caches, retries, timeouts and limits keep working. Logs, once,
   * the configured cache names that no cache has ({@link #unknownCacheNames}).
   */
  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return engine.toString();
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
    private final Engine.Settings settings = new Engine.Settings();

    private Builder() {}

    /**
     * Reads the operator's settings from {@code properties} (a name → value lookup, such as
     * {@code System::getProperty}, which the builder starts from, or a framework's environment):
     * {@value #SHARED_PROPERTY}, {@value #LOCAL_PROPERTY} (comma-separated cache names),
     * {@value #SHARED_TIMEOUT_PROPERTY} and {@value #SHARED_RETRY_AFTER_PROPERTY} (durations
     * such as {@code "200ms"}); an absent name leaves its setting as it is.
     *
     * @throws IllegalArgumentException with decor's duration message for a malformed duration
     */
    public Builder configure(Function<String, String> properties) {
      settings.configure(properties);
      return this;
    }

    /**
     * The clock {@code @Timed}, {@code @Cached(expireAfterWrite)}, {@code @CircuitBreaker}
     * ({@code openFor}, {@code slowCall}), {@code @Timeout} and {@code @Retry(maxDuration)} read
     * (default {@link System#nanoTime}): a test moves it instead of sleeping. The timeout timer
     * sleeps in real time until the clock says a deadline has passed, so a test clock that stands
     * still delays timeouts: test them on the real clock.
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      settings.nanoTime(nanoTime);
      return this;
    }

    /** How synchronous retries wait (default {@link TimeUnit#sleep}). */
    public Builder sleeper(Sleeper sleeper) {
      settings.sleeper(sleeper);
      return this;
    }

    /**
     * How asynchronous retries schedule their next attempt (default
     * {@link CompletableFuture#delayedExecutor} on {@link #executor}).
     */
    public Builder scheduler(Scheduler scheduler) {
      settings.scheduler(scheduler);
      return this;
    }

    /**
     * Where asynchronous retries run their next attempt, and where the caches run Caffeine's
     * maintenance (eviction, expiry, the access-order bookkeeping of reads), as Caffeine itself
     * does by default: the common pool.
     */
    public Builder executor(Executor executor) {
      settings.executor(executor);
      return this;
    }

    /** Retries do not wait: synchronous ones go on at once, asynchronous ones on the calling thread. */
    public Builder instantRetries() {
      settings.sleeper(nanos -> { });
      settings.scheduler(nanos -> Runnable::run);
      return this;
    }

    /** The Micrometer registry {@code @Timed} reports to (default {@link Metrics#globalRegistry}). */
    public Builder meterRegistry(MeterRegistry registry) {
      settings.meterRegistry(registry);
      return this;
    }

    /**
     * Makes each {@code @Timed} call and each {@code @Batched} batch a Micrometer
     * {@link ObservationRegistry Observation} in {@code registry} (a span, with
     * micrometer-tracing): {@code decor.timed}, with the low-cardinality key values
     * {@code class}, {@code method}, {@code exception}, {@code outcome} and the
     * {@code @MetricTag}s, and {@code decor.batch}, which lists its items' callers. Without one
     * (the default) no Observation is made and a call pays nothing for it.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      settings.observationRegistry(registry);
      return this;
    }

    /**
     * How long {@link Decor#close} lets running and queued batches finish before failing them
     * (default 10 s).
     */
    public Builder batchShutdownTimeout(Duration timeout) {
      settings.batchShutdownTimeout(timeout);
      return this;
    }

    /**
     * Where shared caches keep their values (e.g. {@code JCacheTier.of(cacheManager)} from
     * decor-jcache). Without one, the first {@link SharedTier} that {@link java.util.ServiceLoader}
     * finds is used when a cache is shared; without any, caches stay in-process.
     */
    public Builder sharedTier(SharedTier tier) {
      settings.sharedTier(tier);
      return this;
    }

    /**
     * Shares these caches (by cache name: a method's default name is {@code Class.method}) as if
     * they said {@code @Cached(shared = true)} — so operators can turn sharing on without a
     * rebuild. A cache whose keys or values cannot be shared stays in-process, with a warning.
     * The default builder adds the names in system property {@value #SHARED_PROPERTY}
     * (comma-separated). A name no cache has is reported: {@link Decor#unknownCacheNames}.
     */
    public Builder shareCaches(String... cacheNames) {
      settings.shareCaches(cacheNames);
      return this;
    }

    /**
     * Keeps these caches in-process even when their annotation or {@link #shareCaches} shares
     * them. The default builder adds the names in system property {@value #LOCAL_PROPERTY}.
     */
    public Builder localCaches(String... cacheNames) {
      settings.localCaches(cacheNames);
      return this;
    }

    /**
     * The longest a call waits for the shared tier before computing instead (default 50 ms;
     * system property {@value Decor#SHARED_TIMEOUT_PROPERTY}).
     * A tier that fails or times out {@value CacheRegistry#FAILURES_TO_OPEN} times in a row is
     * skipped for {@link #sharedRetryAfter}.
     */
    public Builder sharedTimeout(Duration timeout) {
      settings.sharedTimeout(timeout);
      return this;
    }

    /**
     * How long a failing shared tier is skipped before calls try it again (default 5 s; system
     * property {@value Decor#SHARED_RETRY_AFTER_PROPERTY}).
     */
    public Builder sharedRetryAfter(Duration retryAfter) {
      settings.sharedRetryAfter(retryAfter);
      return this;
    }

    /** How many threads run shared-tier calls (default 4); lookups beyond a queue of 1,024 compute. */
    public Builder sharedThreads(int threads) {
      settings.sharedThreads(threads);
      return this;
    }

    /**
     * Overrides one attribute of one method's or group's decorator, as a configuration key and
     * value (docs/configuration.md): {@code override("decor.methods.Service.predict.retry.maxAttempts", 5)},
     * {@code override("decor.caches.embeddings.maxSize", "10000")},
     * {@code override("decor.methods.Service.predict.timed.enabled", false)}. Environment
     * variables and system properties with the same meaning override it. The value is a string as
     * configuration writes it or a value of the attribute's type; it is checked when
     * {@link #build} runs.
     */
    public Builder override(String key, Object value) {
      settings.override(key, value);
      return this;
    }

    /**
     * {@link #override} for each entry: what a framework passes from its own configuration (the
     * Spring Boot starter passes the {@code decor.methods}, {@code decor.caches},
     * {@code decor.batches}, {@code decor.limits} and {@code decor.breakers} properties, in
     * Spring's relaxed forms, which these keys accept). Every key must be such an override key.
     */
    public Builder overrides(Map<String, ?> overrides) {
      overrides.forEach(settings::override);
      return this;
    }

    /** How shared caches write and read values of exactly {@code type}; see {@link ValueCodec}. */
    public <T> Builder valueCodec(Class<T> type, ValueCodec<T> codec) {
      settings.valueCodec(type, codec);
      return this;
    }

    /**
     * The engine.
     *
     * @throws IllegalArgumentException {@code [decor/Overrides]} listing every invalid override
     *     (the builder's, an environment variable's or a system property's) by its key, with the
     *     message the processor gives the same value in an annotation
     */
    public Decor build() {
      return new Engine(settings).face(Decor::new);
    }
  }
}
