package dev.decor.engine.internal;

import dev.decor.MetricTag;
import dev.decor.batch.BatchMethods;
import dev.decor.batch.BatchedChecks;
import dev.decor.batch.BatchedDecorator;
import dev.decor.breaker.CircuitBreakerDecorator;
import dev.decor.cache.CacheKey;
import dev.decor.cache.CachedDecorator;
import dev.decor.config.FrontEnd;
import dev.decor.config.Overrides;
import dev.decor.fallback.FallbackDecorator;
import dev.decor.fallback.FallbackMethod;
import dev.decor.fallback.FallbackMethods;
import dev.decor.grad.GradDecorator;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.ReturnKind;
import dev.decor.limit.ConcurrencyLimitDecorator;
import dev.decor.retry.RetryDecorator;
import dev.decor.timeout.TimeoutDecorator;
import dev.decor.timing.TimedDecorator;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.FallbackSpec;
import dev.decor.spec.ConcurrencyLimitSpec;
import dev.decor.internal.describe.Description;
import dev.decor.spec.GradSpec;
import dev.decor.internal.Messages;
import dev.decor.spec.Order;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.Spec;
import dev.decor.spec.TimedSpec;
import dev.decor.spec.TimeoutSpec;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds {@link Chain}s. Generated wrappers call {@link #of} with literal specs; the aspect calls
 * {@link #forMethod}, which reads the annotations of a reflected method.
 *
 * <p>Part of the surface generated code and the aspect call (see docs/processor.md). Thread-safe.
 */
public final class Chains {
  private Chains() {}

  /**
   * Builds the chain of {@code key}'s method from its specs (any order; at most one per decorator
   * family), on the global engine and following it.
   *
   * @throws IllegalArgumentException with a {@link Messages} text when the combination is invalid
   *     (e.g. {@code @Cached} on a void method)
   */
  public static Chain of(MethodKey key, Spec... specs) {
    return of(key, (FallbackMethod) null, specs);
  }

  /**
   * {@link #of(MethodKey, Spec...)} for a method with {@code @Fallback}: {@code fallback} calls
   * its fallback method (generated code passes a lambda that calls it directly).
   *
   * @throws IllegalArgumentException as {@link #of(MethodKey, Spec...)} does
   */
  public static Chain of(MethodKey key, FallbackMethod fallback, Spec... specs) {
    return build(FrontEnd.GENERATED, null, key, fallback, null, specs);
  }

  /**
   * {@link #of(MethodKey, Spec...)} for a {@code @Cached} method whose wrapper writes its own key
   * class: {@code keys} makes the key of a call from its arguments, and
   * {@link Chain#cachedHit(CacheKey)} takes keys of that class.
   */
  public static Chain of(MethodKey key, CacheKey.Factory keys, Spec... specs) {
    return of(key, null, keys, specs);
  }

  /** {@link #of(MethodKey, CacheKey.Factory, Spec...)} for a method with {@code @Fallback} too. */
  public static Chain of(MethodKey key, FallbackMethod fallback, CacheKey.Factory keys,
      Spec... specs) {
    return build(FrontEnd.GENERATED, null, key, fallback, Objects.requireNonNull(keys, "keys"),
        specs);
  }

  /** {@code Decor.chain}: a chain that stays on {@code engine}. */
  public static Chain build(Engine engine, MethodKey key, FallbackMethod fallback,
      Spec... specs) {
    return build(FrontEnd.CHAIN, Objects.requireNonNull(engine, "engine"), key, fallback, specs);
  }

  /**
   * A chain built by {@code frontEnd} (as {@code Decor.methods()} reports it), on {@code engine}
   * or, for null, on the global engine and following it.
   */
  public static Chain build(FrontEnd frontEnd, Engine engine, MethodKey key,
      FallbackMethod fallback, Spec... specs) {
    return build(frontEnd, engine, key, fallback, null, specs);
  }

  /** {@link #build(FrontEnd, Engine, MethodKey, FallbackMethod, Spec...)} with a key factory. */
  private static Chain build(FrontEnd frontEnd, Engine engine, MethodKey key,
      FallbackMethod fallback, CacheKey.Factory keys, Spec... specs) {
    return new Chain(frontEnd, key, validated(key, fallback, specs), engine, fallback, keys);
  }

  /**
   * The chain of a reflected method, built from its annotations (the woven mode calls this once
   * per join point and keeps the chain).
   *
   * @throws IllegalArgumentException as {@link #of} and the specs do
   */
  public static Chain forMethod(Method method) {
    return forMethod(method, null);
  }

  /**
   * {@link #forMethod(Method)}, with the parameters' source names (what the aspect's join point
   * knows from the class file's debug information, or null), so that a message about a parameter
   * names it as the processor does even when the class was compiled without {@code -parameters}.
   */
  public static Chain forMethod(Method method, String[] parameterNames) {
    MethodKey key = MethodKey.of(method).withParameterNames(parameterNames);
    Spec[] specs = specsOf(method, key);
    FallbackMethod fallback = null;
    for (Spec spec : specs) {
      if (spec instanceof FallbackSpec f) {
        fallback = FallbackMethods.find(method, f);
      }
    }
    Chain chain = build(FrontEnd.WOVEN, null, key, fallback, specs);
    for (Spec spec : specs) {
      if (spec instanceof BatchedSpec b) {
        chain.withBatchMethod(BatchMethods.find(method, b));
      }
    }
    return chain;
  }

  /** The specs in pipeline order, checked for duplicates and combinations. */
  private static Spec[] validated(MethodKey key, FallbackMethod fallback, Spec[] specs) {
    Map<Order, Spec> byOrder = new EnumMap<>(Order.class);
    for (Spec spec : specs) {
      Spec previous = byOrder.put(spec.order(), spec);
      if (previous != null) {
        if (spec.order() == Order.GRAD) {
          throw new IllegalArgumentException(Messages.gradConflict(key.signature()));
        }
        throw new IllegalArgumentException("Two " + spec.order() + " specs for " + key);
      }
    }
    if (byOrder.containsKey(Order.CACHED) && key.returnKind() == ReturnKind.VOID) {
      throw new IllegalArgumentException(Messages.cachedOnVoid(key.signature()));
    }
    if (key.declaresStageSubtype()) {
      // Each of these hands out a CompletableFuture of its own (or, rejecting, a failed one).
      for (Order own : new Order[] {Order.FALLBACK, Order.CACHED, Order.RETRY,
          Order.CIRCUIT_BREAKER, Order.TIMEOUT, Order.CONCURRENCY_LIMIT}) {
        if (byOrder.containsKey(own)) {
          throw new IllegalArgumentException(Messages.asyncReturnType(
              annotationName(own), key.signature(), key.returnTypeSimpleName()));
        }
      }
    }
    if (byOrder.containsKey(Order.FALLBACK) && fallback == null) {
      throw new IllegalArgumentException(Messages.fallbackMissing(key.toString()));
    }
    if (byOrder.containsKey(Order.BATCHED)) {
      BatchedChecks.check(key, byOrder);
    }
    return byOrder.values().toArray(new Spec[0]);
  }

  /** {@code Retry} for {@link Order#RETRY}: the annotation's simple name, as messages show it. */
  private static String annotationName(Order order) {
    for (Description<?, ?> d : Description.all()) {
      if (d.order() == order) {
        return d.annotationType().getSimpleName();
      }
    }
    return order.name();
  }

  /**
   * The decorators of {@code specs} (validated, in order) created on {@code engine}, with the
   * engine's configuration overrides applied ({@link Overrides#plan}): an override the method's
   * decorator refuses (a group clash, a predicate that does not fit) leaves it with its
   * annotation's values, and {@code Decor.methods()} says why.
   *
   * @param retryLoop the front end runs a lone {@code @Retry}'s attempts itself
   * @param keys the method's key factory (a generated wrapper's key class), or null
   */
  static Pipeline pipeline(Engine engine, FrontEnd frontEnd, MethodKey key, Spec[] specs,
      FallbackMethod method, boolean retryLoop, CacheKey.Factory keys) {
    Overrides.Plan plan = engine.overrides().plan(frontEnd, key.defaultName(),
        key.isNamed() ? "" : key.className(), key.isNamed() ? "" : key.signature(), specs,
        retryLoop);
    Parts parts = new Parts(engine, key, method, keys);
    for (Spec spec : plan.effective()) {
      try {
        parts.add(spec);
      } catch (IllegalArgumentException e) {
        if (!plan.changed(spec)) {
          throw e;
        }
        parts.add(plan.refused(spec, e.getMessage()));
      }
    }
    engine.overrides().record(plan);
    return new Pipeline(engine, key, parts.timed, parts.fallback, parts.cached, parts.batched,
        parts.retry, parts.breaker, parts.timeout, parts.limit, parts.grad);
  }

  /** A pipeline's decorators while they are made. */
  private static final class Parts {
    private final Engine engine;
    private final MethodKey key;
    private final ReturnKind kind;
    private final FallbackMethod method;
    private final CacheKey.Factory keys;
    TimedDecorator timed;
    FallbackDecorator fallback;
    CachedDecorator cached;
    BatchedDecorator batched;
    RetryDecorator retry;
    CircuitBreakerDecorator breaker;
    TimeoutDecorator timeout;
    ConcurrencyLimitDecorator limit;
    GradDecorator grad;

    Parts(Engine engine, MethodKey key, FallbackMethod method, CacheKey.Factory keys) {
      this.engine = engine;
      this.keys = keys;
      this.key = key;
      this.kind = key.returnKind();
      this.method = method;
    }

    void add(Spec spec) {
      if (spec instanceof TimedSpec t) {
        timed = new TimedDecorator(engine.timings(), key, t, kind);
      } else if (spec instanceof FallbackSpec f) {
        fallback = new FallbackDecorator(engine.fallbacks(), key, f, method, kind);
      } else if (spec instanceof CircuitBreakerSpec b) {
        breaker = new CircuitBreakerDecorator(engine.breakers(), key, b, kind);
      } else if (spec instanceof CachedSpec c) {
        cached = new CachedDecorator(engine.caches(), key, c, engine.timings().observations(),
            keys);
      } else if (spec instanceof BatchedSpec b) {
        batched = new BatchedDecorator(engine.batches(), key, b, kind);
      } else if (spec instanceof RetrySpec r) {
        retry = new RetryDecorator(engine.retries(), key, r, kind,
            engine.timings().observations());
      } else if (spec instanceof TimeoutSpec t) {
        timeout = new TimeoutDecorator(engine.timeouts(), key, t, kind);
      } else if (spec instanceof ConcurrencyLimitSpec l) {
        limit = new ConcurrencyLimitDecorator(engine.limits(), key, l, kind);
      } else if (spec instanceof GradSpec g) {
        grad = new GradDecorator(g, key);
      }
    }
  }

  /**
   * Reads decor's annotations of {@code method} into specs, validating their values: one loop
   * over the annotations' {@link Description}s, the same ones the processor generates code from.
   */
  public static Spec[] specsOf(Method method) {
    return specsOf(method, MethodKey.of(method));
  }

  /**
   * {@link #specsOf(Method)}, naming parameters in messages as {@code key} does; the
   * {@code @MetricTag} parameters join the {@code @Timed} spec.
   *
   * @throws IllegalArgumentException {@code [decor/MetricTagWithoutTimed]} for a tag without a timer
   */
  private static Spec[] specsOf(Method method, MethodKey key) {
    List<Spec> specs = new ArrayList<>(4);
    for (Description<?, ?> description : Description.all()) {
      Annotation annotation = method.getAnnotation(description.annotationType());
      if (annotation != null) {
        specs.add(description.read(annotation));
      }
    }
    List<TimedSpec.Tag> tags = metricTags(method);
    if (!tags.isEmpty()) {
      int timed = -1;
      for (int i = 0; i < specs.size(); i++) {
        timed = specs.get(i) instanceof TimedSpec ? i : timed;
      }
      if (timed < 0) {
        throw new IllegalArgumentException(Messages.metricTagWithoutTimed(
            key.parameterName(tags.get(0).parameter()), key.signature()));
      }
      specs.set(timed, ((TimedSpec) specs.get(timed)).withTags(tags));
    }
    return specs.toArray(new Spec[0]);
  }

  /** The {@link MetricTag} parameters of {@code method}, as the processor lists them. */
  private static List<TimedSpec.Tag> metricTags(Method method) {
    List<TimedSpec.Tag> tags = new ArrayList<>(0);
    Annotation[][] parameters = method.getParameterAnnotations();
    for (int i = 0; i < parameters.length; i++) {
      for (Annotation a : parameters[i]) {
        if (a instanceof MetricTag t) {
          tags.add(new TimedSpec.Tag(i, t.value(), t.mapper()));
        }
      }
    }
    return tags;
  }

}
