package dev.decor.engine;

import dev.decor.engine.internal.Engine;
import dev.decor.kernel.Invocation;
import dev.decor.engine.internal.Chain;
import dev.decor.config.FrontEnd;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import dev.decor.fallback.FallbackMethod;
import dev.decor.grad.Trainable;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.FallbackSpec;
import dev.decor.spec.ConcurrencyLimitSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.Spec;
import dev.decor.spec.TimedSpec;
import dev.decor.spec.TimeoutSpec;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * decor's decorators without annotations, for lambdas and code you don't own — Python's
 * {@code fetch = retry(max_attempts=5)(fetch)}. Same engine, same order
 * ({@code timed → fallback → cached → retry → circuit breaker → timeout → concurrencyLimit →
 * grad}), same registries, under the name you give.
 *
 * <pre>{@code
 * Function<String, byte[]> fetch = Decorators.named("Store.fetch")
 *     .timed()
 *     .retry(r -> r.maxAttempts(5).delay("20ms").multiplier(2.0))
 *     .function(store::fetch);
 * Timings.stats("Store.fetch");   // Micrometer: method.timed{class="Store", method="fetch", ...}
 * }</pre>
 *
 * <p>{@link #named} decorates on the {@linkplain Decor#global() global engine} (and follows
 * {@link Decor#setGlobal}, as annotated methods do); {@link Decor#decorate} on an engine of your
 * own. Each function built is a method of its own: two built under one name with {@code cached}
 * fail with {@code [decor/CacheNameClash]}, as two annotated methods sharing a cache name do.
 *
 * <p>A method that throws a checked exception takes {@link Builder#checkedFunction} (one argument)
 * or {@link Builder#callable} (none): the result rethrows the method's own exception, the last one
 * after retries, unwrapped.
 *
 * <pre>{@code
 * Decorators.CheckedFunction<String, byte[], IOException> fetch = Decorators.named("Store.fetch")
 *     .retry(5, "20ms", 2)
 *     .checkedFunction(store::fetch);   // byte[] fetch(String key) throws IOException
 * }</pre>
 *
 * <p>A builder is not thread-safe; the functions it returns are (build once, share them). Results
 * are treated as plain values: a returned {@code CompletionStage}, {@code Iterator} or
 * {@code Stream} gets no special handling here — annotate a method for that.
 */
public final class Decorators {
  private Decorators() {}

  /**
   * A one-argument function that may throw the checked exception {@code E}: what
   * {@link Builder#checkedFunction} decorates and returns (resilience4j's {@code CheckedFunction},
   * with the exception in the type so the caller handles exactly what the method declares).
   *
   * @param <A> the argument, which is also the cache key
   * @param <R> the result
   * @param <E> the checked exception the function declares ({@code RuntimeException} when none)
   */
  @FunctionalInterface
  public interface CheckedFunction<A, R, E extends Exception> {
    /** Applies the function to {@code a}. */
    R apply(A a) throws E;
  }

  /**
   * Starts decorators registered under {@code name} (as {@code Timings}, {@code Caches} and
   * {@code Retries} show it); its parts before and after the last dot become Micrometer's
   * {@code class} and {@code method} tags.
   */
  public static Builder named(String name) {
    return new Builder(null, Objects.requireNonNull(name, "name"));
  }

  /** Collects decorators; each may be added once. Values are validated as the annotations' are. */
  public static final class Builder {
    /** The engine, or null to follow the global one. */
    private final Engine engine;
    private final String name;
    private final List<Spec> specs = new ArrayList<>(4);
    private Trainable model;
    private FallbackMethod fallback;

    Builder(Engine engine, String name) {
      this.engine = engine;
      this.name = name;
    }

    /** {@code @Timed}: Micrometer timer {@code method.timed}, no log line. */
    public Builder timed() {
      return timed(t -> {});
    }

    /** {@code @Timed(value = metric, log = log)}; an empty metric means {@code method.timed}. */
    public Builder timed(String metric, boolean log) {
      return timed(t -> t.value(metric).log(log));
    }

    /**
     * {@code @Timed} with the attributes {@code settings} sets on the same builder generated code
     * uses, e.g. {@code .timed(t -> t.log(true))}.
     */
    public Builder timed(Consumer<TimedSpec.Builder> settings) {
      return add(TimedSpec.builder(), settings, TimedSpec.Builder::build);
    }

    /** {@code @Retry(maxAttempts, delay, multiplier)}, retrying on any {@link Exception}. */
    public Builder retry(int maxAttempts, String delay, double multiplier) {
      return retry(r -> r.maxAttempts(maxAttempts).delay(delay).multiplier(multiplier));
    }

    /**
     * {@code @Retry} with the attributes {@code settings} sets, by name, on the same builder
     * generated code uses: {@code .retry(r -> r.maxAttempts(5).delay("20ms"))}. Unset attributes
     * keep {@code @Retry}'s defaults; values are validated as the annotation's are.
     */
    public Builder retry(Consumer<RetrySpec.Builder> settings) {
      return add(RetrySpec.builder(), settings, RetrySpec.Builder::build);
    }

    /**
     * {@code @Timeout(value)}, e.g. {@code .timeout("250ms")}: the calling thread is interrupted
     * at the deadline and the call throws {@link dev.decor.DeadlineExceededException}.
     */
    public Builder timeout(String value) {
      return add(TimeoutSpec.of(value));
    }

    /** {@code @ConcurrencyLimit(value)}: at most {@code value} calls at once, no waiting. */
    public Builder concurrencyLimit(int value) {
      return concurrencyLimit(c -> c.value(value));
    }

    /**
     * {@code @ConcurrencyLimit} with the attributes {@code settings} sets on the same builder
     * generated code uses, e.g. {@code .concurrencyLimit(c -> c.value(2).maxWait("20ms"))}.
     */
    public Builder concurrencyLimit(Consumer<ConcurrencyLimitSpec.Builder> settings) {
      return add(ConcurrencyLimitSpec.builder(), settings, ConcurrencyLimitSpec.Builder::build);
    }

    /** {@code @Cached(maxSize)}: keyed by the function's argument (one entry for a supplier). */
    public Builder cached(int maxSize) {
      return cached(c -> c.maxSize(maxSize));
    }

    /** {@code @Cached(maxSize, expireAfterWrite)}. */
    public Builder cached(int maxSize, String expireAfterWrite) {
      return cached(c -> c.maxSize(maxSize).expireAfterWrite(expireAfterWrite));
    }

    /**
     * {@code @Cached} with the attributes {@code settings} sets on the same builder generated
     * code uses, e.g. {@code .cached(c -> c.maxSize(1024).expireAfterWrite("10m"))}.
     */
    public Builder cached(Consumer<CachedSpec.Builder> settings) {
      return add(CachedSpec.builder(), settings, CachedSpec.Builder::build);
    }

    /** {@code @CircuitBreaker} with its defaults; the breaker is named as this builder. */
    public Builder circuitBreaker() {
      return circuitBreaker(b -> {});
    }

    /**
     * {@code @CircuitBreaker} with the attributes {@code settings} sets on the same builder
     * generated code uses, e.g. {@code .circuitBreaker(b -> b.failureRate(50).openFor("5s"))}.
     */
    public Builder circuitBreaker(Consumer<CircuitBreakerSpec.Builder> settings) {
      return add(CircuitBreakerSpec.builder(), settings, CircuitBreakerSpec.Builder::build);
    }

    /**
     * {@code @Fallback}: when the call fails with an {@link Exception}, {@code fallback} answers
     * instead, given the failure — {@code .fallback(failure -> EMPTY)}. Its answer must be of the
     * decorated function's result type.
     */
    public Builder fallback(Function<? super Throwable, ?> fallback) {
      return fallback(f -> {}, fallback);
    }

    /**
     * {@code @Fallback} with the attributes {@code settings} sets ({@code on}, {@code ignore}; no
     * {@code method}: {@code fallback} is the fallback), e.g.
     * {@code .fallback(f -> f.on(IOException.class), failure -> EMPTY)}.
     */
    public Builder fallback(Consumer<FallbackSpec.Builder> settings,
        Function<? super Throwable, ?> fallback) {
      Objects.requireNonNull(fallback, "fallback");
      add(FallbackSpec.builder(), settings, FallbackSpec.Builder::build);
      this.fallback = (self, args, failure) -> fallback.apply(failure);
      return this;
    }

    /** {@code @NoGrad}. */
    public Builder noGrad() {
      return add(GradSpec.NO_GRAD);
    }

    /** {@code @InferenceMode} for {@code model}: eval + no-grad per call, previous mode restored. */
    public Builder inferenceMode(Trainable model) {
      this.model = Objects.requireNonNull(model, "model");
      return add(GradSpec.INFERENCE);
    }

    /** Adds the spec {@code builder} builds once {@code settings} have set its attributes. */
    private <B> Builder add(B builder, Consumer<? super B> settings,
        Function<? super B, ? extends Spec> build) {
      settings.accept(builder);
      return add(build.apply(builder));
    }

    private Builder add(Spec spec) {
      for (Spec s : specs) {
        if (s.order() == spec.order()) {
          throw new IllegalStateException(spec.order() + " is already set for '" + name + "'");
        }
      }
      specs.add(spec);
      return this;
    }

    private Chain chain() {
      MethodKey key = MethodKey.named(name, Object.class);
      Spec[] all = specs.toArray(new Spec[0]);
      return Chains.build(FrontEnd.DECORATORS, engine, key, fallback, all);
    }

    /** Decorates {@code supplier}; exceptions pass through unwrapped. */
    public <T> Supplier<T> supplier(Supplier<T> supplier) {
      Objects.requireNonNull(supplier, "supplier");
      Chain chain = chain();
      Trainable self = model;
      return () -> unchecked(chain, self, null, supplier::get);
    }

    /** Decorates {@code function}; the argument is the cache key. */
    public <A, R> Function<A, R> function(Function<A, R> function) {
      Objects.requireNonNull(function, "function");
      Chain chain = chain();
      Trainable self = model;
      return a -> unchecked(chain, self, new Object[] {a}, () -> function.apply(a));
    }

    /**
     * Decorates a one-argument {@code function} that throws a checked exception, such as
     * {@code store::fetch} for {@code byte[] fetch(String key) throws IOException}; the argument is
     * the cache key. The result throws what the function threw, unwrapped: its checked exception
     * {@code E} (the last one, after retries) or an unchecked one.
     */
    public <A, R, E extends Exception> CheckedFunction<A, R, E> checkedFunction(
        CheckedFunction<A, R, E> function) {
      Objects.requireNonNull(function, "function");
      Chain chain = chain();
      Trainable self = model;
      return a -> {
        try {
          @SuppressWarnings("unchecked")
          R result = (R) chain.invoke(self, new Object[] {a}, () -> function.apply(a));
          return result;
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Exception e) {
          // The body declares only E, and the engine rethrows the body's own exception.
          @SuppressWarnings("unchecked")
          E checked = (E) e;
          throw checked;
        } catch (Throwable t) {
          throw new UndeclaredThrowableException(t);
        }
      };
    }

    /** Decorates {@code callable}; checked exceptions (the last one, after retries) pass through. */
    public <T> Callable<T> callable(Callable<T> callable) {
      Objects.requireNonNull(callable, "callable");
      Chain chain = chain();
      Trainable self = model;
      return () -> {
        try {
          @SuppressWarnings("unchecked")
          T result = (T) chain.invoke(self, null, callable::call);
          return result;
        } catch (Exception | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new UndeclaredThrowableException(t);
        }
      };
    }

    @SuppressWarnings("unchecked")
    private static <T> T unchecked(Chain chain, Object self, Object[] args,
        Invocation body) {
      try {
        return (T) chain.invoke(self, args, body);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new UndeclaredThrowableException(t);
      }
    }
  }
}
