package dev.decor.processor;

import com.palantir.javapoet.ClassName;
import dev.decor.CacheNamespace;
import dev.decor.Cached;
import dev.decor.CircuitBreaker;
import dev.decor.ConcurrencyLimit;
import dev.decor.Decorated;
import dev.decor.Fallback;
import dev.decor.InferenceMode;
import dev.decor.MetricTag;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.Timeout;
import dev.decor.Woven;
import dev.decor.internal.describe.Description;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.annotation.processing.Generated;

/** The types the processor reads and the generated code refers to, in one place. */
final class TypeNames {
  static final ClassName TIMED = ClassName.get(Timed.class);
  static final ClassName RETRY = ClassName.get(Retry.class);
  static final ClassName CACHED = ClassName.get(Cached.class);
  static final ClassName NO_GRAD = ClassName.get(NoGrad.class);
  static final ClassName INFERENCE_MODE = ClassName.get(InferenceMode.class);
  static final ClassName FALLBACK = ClassName.get(Fallback.class);
  static final ClassName CIRCUIT_BREAKER = ClassName.get(CircuitBreaker.class);
  static final ClassName TIMEOUT = ClassName.get(Timeout.class);
  static final ClassName CONCURRENCY_LIMIT = ClassName.get(ConcurrencyLimit.class);
  static final ClassName METRIC_TAG = ClassName.get(MetricTag.class);
  static final ClassName METRIC_TAG_MAPPER = ClassName.get(MetricTag.Mapper.class);

  /** Every decor annotation, in pipeline order (SPEC "Order"), from their descriptions. */
  static final List<ClassName> DECOR_ANNOTATIONS = Description.all().stream()
      .map(d -> ClassName.get(d.annotationType()))
      .collect(Collectors.toUnmodifiableList());

  static final ClassName DECORATED = ClassName.get(Decorated.class);
  /** What a shared {@code @Cached} instance method's class implements (a cross-JVM identity). */
  static final ClassName CACHE_NAMESPACE = ClassName.get(CacheNamespace.class);
  static final ClassName WOVEN = ClassName.get(Woven.class);
  /** The engine's surface for generated code (decor-engine, not on the processor path). */
  /** The generated-code surface: docs/processor.md lists it, GeneratedSurfaceTest guards it. */
  private static final String SURFACE = "dev.decor.engine.internal";
  private static final String KERNEL = "dev.decor.kernel";

  static final ClassName CHAIN = ClassName.get(SURFACE, "Chain");
  static final ClassName CHAINS = ClassName.get(SURFACE, "Chains");
  static final ClassName METHOD_KEY = ClassName.get(KERNEL, "MethodKey");
  /** What a wrapper's key class of a {@code @Cached} method extends. */
  static final ClassName CACHE_KEY = ClassName.get("dev.decor.cache", "CacheKey");
  static final ClassName GRAD_THREAD = ClassName.get("dev.decor.grad", "GradThread");
  static final ClassName BATCH_METHOD = ClassName.get("dev.decor.batch", "BatchMethod");

  static final ClassName GENERATED = ClassName.get(Generated.class);
  static final ClassName OBJECTS = ClassName.get(Objects.class);
  static final ClassName UNDECLARED_THROWABLE = ClassName.get(UndeclaredThrowableException.class);

  private TypeNames() {}
}
