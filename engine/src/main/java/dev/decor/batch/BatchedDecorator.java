package dev.decor.batch;

import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.ReturnKind;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.decor.spec.BatchedSpec;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;

/**
 * {@code @Batched}: queues the call's one argument on its receiver's {@link Batcher} and answers
 * with the item's result (synchronous methods wait) or its future (asynchronous ones). One
 * batcher per receiver — a batch method runs on the instance its items were called on — held by
 * weak identity, so the batcher keeps no instance alive.
 *
 * <p>Invocation contract: the method's own body proceeds zero times; its receiver's batch method
 * runs once per batch, on a worker thread.
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class BatchedDecorator {
  private final BatchRegistry batches;
  private final String name;
  private final BatchedSpec spec;
  private final boolean async;
  /** What the batched method returns to its caller: a primitive cannot take a null answer. */
  private final Class<?> resultType;
  private final Cache<Object, Batcher<Object, Object>> byReceiver =
      Caffeine.newBuilder().weakKeys().build();
  private volatile Batcher<Object, Object> forStatic;
  /** The {@code cost} method, {@code (In)long} or {@code (receiver, In)long}; null for none. */
  private final MethodHandle cost;
  private final boolean costIsStatic;

  public BatchedDecorator(BatchRegistry batches, MethodKey key, BatchedSpec spec,
      ReturnKind kind) {
    this.batches = batches;
    this.name = key.defaultName();
    this.spec = spec;
    this.async = kind == ReturnKind.ASYNC;
    Method method = key.method();
    this.resultType = async || method == null ? Object.class : method.getReturnType();
    this.cost = spec.cost().isEmpty() || method == null ? null : BatchMethods.cost(method, spec);
    this.costIsStatic = cost != null && cost.type().parameterCount() == 1;
  }

  @SuppressWarnings("unchecked")
  public Object around(Object self, Invocation body) throws Throwable {
    if (!(body instanceof BatchBody b)) {
      throw new IllegalStateException("[decor/BatchFrontEnd] '" + name + "' is @Batched, but"
          + " its front end called Chain.invoke instead of Chain.invokeBatched; rebuild it with"
          + " this decor version.");
    }
    Batcher<Object, Object> batcher = batcher(self);
    long itemCost = cost == null ? 1 : cost(self, b.item);
    var future = batcher.submit(b.item, (BatchMethod<Object, Object>) b.method, itemCost);
    return async ? future : batcher.await(future);
  }

  /** The item's cost by the {@code cost} method; a throwable from it is the caller's. */
  private long cost(Object self, Object item) throws Throwable {
    // Exact (Object)long or (Object, Object)long: the cost comes back unboxed.
    return self == null || costIsStatic ? (long) cost.invokeExact(item)
        : (long) cost.invokeExact(self, item);
  }

  private Batcher<Object, Object> batcher(Object self) {
    if (self != null) {
      return byReceiver.get(self, r -> batches.create(name, spec, null, resultType));
    }
    Batcher<Object, Object> b = forStatic;
    if (b == null) {
      synchronized (this) {
        b = forStatic;
        if (b == null) {
          b = batches.create(name, spec, null, resultType);
          forStatic = b;
        }
      }
    }
    return b;
  }

  @Override
  public String toString() {
    return "Batched[name=" + name + ", method=" + spec.method() + ", maxSize=" + spec.maxSize()
        + ", maxWait=" + spec.maxWait() + ", maxConcurrency=" + spec.maxConcurrency()
        + ", queueCapacity=" + spec.queueCapacity() + (spec.eager() ? ", eager" : "") + "]";
  }

  /** What {@code Chain.invokeBatched} passes down the pipeline: the item and the batch method. */
  public static final class BatchBody implements Invocation {
    final Object item;
    final BatchMethod<?, ?> method;

    public BatchBody(Object item, BatchMethod<?, ?> method) {
      this.item = item;
      this.method = method;
    }

    @Override
    public Object proceed() {
      throw new IllegalStateException("A @Batched method's own body never runs");
    }
  }
}
