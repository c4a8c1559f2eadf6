package dev.decor.internal.describe;

import dev.decor.Batched;
import dev.decor.Cached;
import dev.decor.CircuitBreaker;
import dev.decor.Fallback;
import dev.decor.ConcurrencyLimit;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.Timeout;
import dev.decor.internal.Distributions;
import dev.decor.internal.Durations;
import dev.decor.internal.Messages;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.FallbackSpec;
import dev.decor.spec.ConcurrencyLimitSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.Order;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import dev.decor.spec.TimeoutSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * The descriptions of decor's annotations, one per annotation: each attribute's name, how it is
 * read, which {@code Spec.Builder} setter takes it and the rule its value must keep. Adding an
 * annotation adds its description here; adding an attribute adds one line.
 */
final class Descriptions {
  private Descriptions() {}

  /** {@code @Timed}: one line per attribute, each a {@link TimedSpec.Builder} setter. */
  static final Description<Timed, TimedSpec.Builder> TIMED = Description.of(
      Timed.class, Order.TIMED, TimedSpec.class, TimedSpec::builder, TimedSpec.Builder::build,
      Attribute.of("value", Timed::value, (b, v) -> b.value((String) v)),
      Attribute.of("log", Timed::log, (b, v) -> b.log((Boolean) v)),
      Attribute.<Timed, TimedSpec.Builder>of("percentiles", Timed::percentiles,
          (b, v) -> b.percentiles((double[]) v))
          .checked(v -> Distributions.checkPercentiles("@Timed", (double[]) v)),
      Attribute.of("histogram", Timed::histogram, (b, v) -> b.histogram((Boolean) v)),
      Attribute.<Timed, TimedSpec.Builder>of("slo", Timed::slo, (b, v) -> b.slo((String[]) v))
          .checked(v -> Distributions.checkSlo("@Timed", (String[]) v)));

  /** {@code @Cached}: one line per attribute, each a {@link CachedSpec.Builder} setter. */
  static final Description<Cached, CachedSpec.Builder> CACHED = Description.of(
      Cached.class, Order.CACHED, CachedSpec.class, CachedSpec::builder, CachedSpec.Builder::build,
      Attribute.<Cached, CachedSpec.Builder>of("maxSize", Cached::maxSize,
          (b, v) -> b.maxSize((Integer) v))
          .checked(v -> CachedSpec.checkMaxSize((Integer) v)),
      Attribute.<Cached, CachedSpec.Builder>of("expireAfterWrite", Cached::expireAfterWrite,
          (b, v) -> b.expireAfterWrite((String) v))
          .checked(v -> Durations.checkOptional("@Cached(expireAfterWrite)", (String) v)),
      Attribute.of("name", Cached::name, (b, v) -> b.name((String) v)),
      Attribute.of("shared", Cached::shared, (b, v) -> b.shared((Boolean) v)));

  /** {@code @Batched}: one line per attribute, each a {@link BatchedSpec.Builder} setter. */
  static final Description<Batched, BatchedSpec.Builder> BATCHED = Description.of(
      Batched.class, Order.BATCHED, BatchedSpec.class, BatchedSpec::builder,
      BatchedSpec.Builder::build,
      Attribute.<Batched, BatchedSpec.Builder>of("method", Batched::method,
          (b, v) -> b.method((String) v))
          .checked(v -> BatchedSpec.checkMethod((String) v))
          .compiledIn(),
      Attribute.<Batched, BatchedSpec.Builder>of("maxSize", Batched::maxSize,
          (b, v) -> b.maxSize((Integer) v))
          .checked(v -> BatchedSpec.checkAtLeastOne("maxSize", (Integer) v)),
      Attribute.<Batched, BatchedSpec.Builder>of("maxWait", Batched::maxWait,
          (b, v) -> b.maxWait((String) v))
          .checked(v -> Durations.check("@Batched(maxWait)", (String) v)),
      Attribute.<Batched, BatchedSpec.Builder>of("maxConcurrency", Batched::maxConcurrency,
          (b, v) -> b.maxConcurrency((Integer) v))
          .checked(v -> BatchedSpec.checkAtLeastOne("maxConcurrency", (Integer) v)),
      Attribute.<Batched, BatchedSpec.Builder>of("queueCapacity", Batched::queueCapacity,
          (b, v) -> b.queueCapacity((Integer) v))
          .checked(v -> BatchedSpec.checkAtLeastOne("queueCapacity", (Integer) v)),
      Attribute.of("eager", Batched::eager, (b, v) -> b.eager((Boolean) v)),
      Attribute.<Batched, BatchedSpec.Builder>of("percentiles", Batched::percentiles,
          (b, v) -> b.percentiles((double[]) v))
          .checked(v -> Distributions.checkPercentiles("@Batched", (double[]) v)),
      Attribute.of("histogram", Batched::histogram, (b, v) -> b.histogram((Boolean) v)),
      Attribute.<Batched, BatchedSpec.Builder>of("slo", Batched::slo,
          (b, v) -> b.slo((String[]) v))
          .checked(v -> Distributions.checkSlo("@Batched", (String[]) v)),
      Attribute.<Batched, BatchedSpec.Builder>of("queueTimeout", Batched::queueTimeout,
          (b, v) -> b.queueTimeout((String) v))
          .checked(v -> Durations.checkOptional("@Batched(queueTimeout)", (String) v)),
      Attribute.<Batched, BatchedSpec.Builder>of("preferredSizes", Batched::preferredSizes,
          (b, v) -> b.preferredSizes((String) v))
          .checked(v -> BatchedSpec.checkPreferredSizes((String) v)),
      Attribute.<Batched, BatchedSpec.Builder>of("maxCost", Batched::maxCost,
          (b, v) -> b.maxCost(((Number) v).longValue()))
          .checked(v -> BatchedSpec.checkAtLeastZero("maxCost", ((Number) v).longValue())),
      Attribute.<Batched, BatchedSpec.Builder>of("cost", Batched::cost,
          (b, v) -> b.cost((String) v))
          .checked(v -> ((String) v).isEmpty() ? null : BatchedSpec.checkMethod((String) v))
          .compiledIn(),
      Attribute.of("adaptive", Batched::adaptive, (b, v) -> b.adaptive((Boolean) v)));

  /** {@code @Retry}: one line per attribute, each a {@link RetrySpec.Builder} setter. */
  @SuppressWarnings("unchecked")
  static final Description<Retry, RetrySpec.Builder> RETRY = Description.of(
      Retry.class, Order.RETRY, RetrySpec.class, RetrySpec::builder, RetrySpec.Builder::build,
      Attribute.<Retry, RetrySpec.Builder>of("maxAttempts", Retry::maxAttempts,
          (b, v) -> b.maxAttempts((Integer) v))
          .checked(v -> RetrySpec.checkMaxAttempts((Integer) v)),
      Attribute.<Retry, RetrySpec.Builder>of("delay", Retry::delay, (b, v) -> b.delay((String) v))
          .checked(v -> Durations.check("@Retry(delay)", (String) v)),
      Attribute.<Retry, RetrySpec.Builder>of("multiplier", Retry::multiplier,
          (b, v) -> b.multiplier((Double) v))
          .checked(v -> RetrySpec.checkMultiplier((Double) v)),
      Attribute.<Retry, RetrySpec.Builder>of("maxDelay", Retry::maxDelay,
          (b, v) -> b.maxDelay((String) v))
          .checked(v -> Durations.checkOptional("@Retry(maxDelay)", (String) v)),
      Attribute.<Retry, RetrySpec.Builder>of("jitter", Retry::jitter,
          (b, v) -> b.jitter((Double) v))
          .checked(v -> RetrySpec.checkJitter((Double) v)),
      Attribute.<Retry, RetrySpec.Builder>of("retryOn", Retry::retryOn,
          (b, v) -> b.retryOn((Class<? extends Throwable>[]) v))
          .checkedEach(RetrySpec::checkRetryOn),
      Attribute.<Retry, RetrySpec.Builder>of("ignore", Retry::ignore,
          (b, v) -> b.ignore((Class<? extends Throwable>[]) v))
          .disjointFrom("retryOn", Messages::retryOnAndIgnore),
      // The predicate's fit to the method is a rule on the method, not the value: the processor's
      // RetryStep and the engine's chain check it ([decor/RetryIfType], [decor/RetryIfClass]).
      Attribute.<Retry, RetrySpec.Builder>of("retryIf", Retry::retryIf,
          (b, v) -> b.retryIf((Class<? extends Predicate>) v)),
      Attribute.<Retry, RetrySpec.Builder>of("maxDuration", Retry::maxDuration,
          (b, v) -> b.maxDuration((String) v))
          .checked(v -> RetrySpec.checkMaxDuration((String) v)),
      Attribute.of("log", Retry::log, (b, v) -> b.log((Boolean) v)));

  /** {@code @Timeout}: its one attribute, a {@link TimeoutSpec.Builder} setter. */
  static final Description<Timeout, TimeoutSpec.Builder> TIMEOUT = Description.of(
      Timeout.class, Order.TIMEOUT, TimeoutSpec.class, TimeoutSpec::builder,
      TimeoutSpec.Builder::build,
      Attribute.<Timeout, TimeoutSpec.Builder>of("value", Timeout::value,
          (b, v) -> b.value((String) v))
          .checked(v -> TimeoutSpec.checkValue((String) v)));

  /**
   * {@code @ConcurrencyLimit}: one line per attribute, each a {@link ConcurrencyLimitSpec.Builder}
   * setter. That the methods of a group agree on its value is checked across methods: by the
   * processor within a compilation, by the engine when a chain joins the group.
   */
  static final Description<ConcurrencyLimit, ConcurrencyLimitSpec.Builder> CONCURRENCY_LIMIT =
      Description.of(ConcurrencyLimit.class, Order.CONCURRENCY_LIMIT, ConcurrencyLimitSpec.class,
          ConcurrencyLimitSpec::builder, ConcurrencyLimitSpec.Builder::build,
          Attribute.<ConcurrencyLimit, ConcurrencyLimitSpec.Builder>of("value",
              ConcurrencyLimit::value, (b, v) -> b.value((Integer) v))
              .checked(v -> ConcurrencyLimitSpec.checkValue((Integer) v)),
          Attribute.<ConcurrencyLimit, ConcurrencyLimitSpec.Builder>of("maxWait",
              ConcurrencyLimit::maxWait, (b, v) -> b.maxWait((String) v))
              .checked(v -> Durations.check("@ConcurrencyLimit(maxWait)", (String) v)),
          Attribute.of("group", ConcurrencyLimit::group, (b, v) -> b.group((String) v)));

  /** {@code @Fallback}: one line per attribute, each a {@link FallbackSpec.Builder} setter. */
  @SuppressWarnings("unchecked")
  static final Description<Fallback, FallbackSpec.Builder> FALLBACK = Description.of(
      Fallback.class, Order.FALLBACK, FallbackSpec.class, FallbackSpec::builder,
      FallbackSpec.Builder::build,
      Attribute.<Fallback, FallbackSpec.Builder>of("method", Fallback::method,
          (b, v) -> b.method((String) v))
          .checked(v -> FallbackSpec.checkMethod((String) v))
          .compiledIn(),
      Attribute.<Fallback, FallbackSpec.Builder>of("on", Fallback::on,
          (b, v) -> b.on((Class<? extends Throwable>[]) v))
          .checkedEach(FallbackSpec::checkOn),
      Attribute.<Fallback, FallbackSpec.Builder>of("ignore", Fallback::ignore,
          (b, v) -> b.ignore((Class<? extends Throwable>[]) v))
          .disjointFrom("on", Messages::fallbackOnAndIgnore));

  /**
   * {@code @CircuitBreaker}: one line per attribute, each a {@link CircuitBreakerSpec.Builder}
   * setter.
   */
  @SuppressWarnings("unchecked")
  static final Description<CircuitBreaker, CircuitBreakerSpec.Builder> CIRCUIT_BREAKER =
      Description.of(CircuitBreaker.class, Order.CIRCUIT_BREAKER, CircuitBreakerSpec.class,
          CircuitBreakerSpec::builder, CircuitBreakerSpec.Builder::build,
          Attribute.<CircuitBreaker, CircuitBreakerSpec.Builder>of("failureRate",
              CircuitBreaker::failureRate, (b, v) -> b.failureRate((Integer) v))
              .checked(v -> CircuitBreakerSpec.checkPercent("failureRate", (Integer) v)),
          Attribute.<CircuitBreaker, CircuitBreakerSpec.Builder>of("window",
              CircuitBreaker::window, (b, v) -> b.window((Integer) v))
              .checked(v -> CircuitBreakerSpec.checkAtLeastOne("window", (Integer) v)),
          Attribute.<CircuitBreaker, CircuitBreakerSpec.Builder>of("openFor",
              CircuitBreaker::openFor, (b, v) -> b.openFor((String) v))
              .checked(v -> CircuitBreakerSpec.checkOpenFor((String) v)),
          Attribute.<CircuitBreaker, CircuitBreakerSpec.Builder>of("halfOpenCalls",
              CircuitBreaker::halfOpenCalls, (b, v) -> b.halfOpenCalls((Integer) v))
              .checked(v -> CircuitBreakerSpec.checkAtLeastOne("halfOpenCalls", (Integer) v)),
          Attribute.<CircuitBreaker, CircuitBreakerSpec.Builder>of("slowCall",
              CircuitBreaker::slowCall, (b, v) -> b.slowCall((String) v))
              .checked(v -> CircuitBreakerSpec.checkSlowCall((String) v)),
          Attribute.<CircuitBreaker, CircuitBreakerSpec.Builder>of("slowCallRate",
              CircuitBreaker::slowCallRate, (b, v) -> b.slowCallRate((Integer) v))
              .checked(v -> CircuitBreakerSpec.checkPercent("slowCallRate", (Integer) v)),
          Attribute.<CircuitBreaker, CircuitBreakerSpec.Builder>of("recordOn",
              CircuitBreaker::recordOn,
              (b, v) -> b.recordOn((Class<? extends Throwable>[]) v)),
          Attribute.<CircuitBreaker, CircuitBreakerSpec.Builder>of("ignore",
              CircuitBreaker::ignore, (b, v) -> b.ignore((Class<? extends Throwable>[]) v))
              .disjointFrom("recordOn", Messages::circuitBreakerRecordOnAndIgnore),
          Attribute.of("name", CircuitBreaker::name, (b, v) -> b.name((String) v)));

  /** {@code @NoGrad}: no attributes, generated code reads {@link GradSpec#NO_GRAD}. */
  static final Description<NoGrad, GradSpec> NO_GRAD =
      Description.constant(NoGrad.class, GradSpec.NO_GRAD);

  /** {@code @InferenceMode}: no attributes, generated code reads {@link GradSpec#INFERENCE}. */
  static final Description<InferenceMode, GradSpec> INFERENCE =
      Description.constant(InferenceMode.class, GradSpec.INFERENCE);

  /** Every decor annotation, in pipeline order (outermost first). */
  static final List<Description<?, ?>> ALL =
      List.of(TIMED, FALLBACK, CACHED, BATCHED, RETRY, CIRCUIT_BREAKER, TIMEOUT,
          CONCURRENCY_LIMIT, NO_GRAD, INFERENCE);
}
