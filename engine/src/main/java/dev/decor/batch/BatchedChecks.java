package dev.decor.batch;

import dev.decor.kernel.MethodKey;
import dev.decor.kernel.ReturnKind;
import dev.decor.internal.Messages;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.Order;
import dev.decor.spec.Spec;
import java.util.Map;

/**
 * The rules a {@code @Batched} chain obeys beyond its values, checked when the chain is built.
 * Engine-facing; not for application code.
 */
public final class BatchedChecks {
  private BatchedChecks() {}

  /**
   * @throws IllegalArgumentException {@code [decor/BatchedCombination]} for {@code @Retry},
   *     {@code @CircuitBreaker}, {@code @ConcurrencyLimit} or a grad annotation
   *     beside {@code @Batched}, {@code [decor/BatchedSignature]} for a method that does not take
   *     one item or returns nothing (the processor's rule), {@code [decor/AsyncReturnType]} for a
   *     {@code CompletableFuture} subtype
   */
  public static void check(MethodKey key, Map<Order, Spec> byOrder) {
    String method = key.signature();
    if (byOrder.containsKey(Order.RETRY)) {
      throw new IllegalArgumentException(Messages.batchedCombination(method, "Retry"));
    }
    if (byOrder.containsKey(Order.CIRCUIT_BREAKER)) {
      throw new IllegalArgumentException(Messages.batchedCombination(method, "CircuitBreaker"));
    }
    if (byOrder.containsKey(Order.CONCURRENCY_LIMIT)) {
      throw new IllegalArgumentException(Messages.batchedCombination(method, "ConcurrencyLimit"));
    }
    Spec grad = byOrder.get(Order.GRAD);
    if (grad != null) {
      throw new IllegalArgumentException(Messages.batchedCombination(method,
          grad == dev.decor.spec.GradSpec.NO_GRAD ? "NoGrad" : "InferenceMode"));
    }
    ReturnKind kind = key.returnKind();
    boolean namedKey = key.isNamed();
    if ((!namedKey && key.parameterSimpleNames().size() != 1) || kind == ReturnKind.VOID) {
      throw new IllegalArgumentException(Messages.batchedSignature(method));
    }
    BatchedSpec batched = (BatchedSpec) byOrder.get(Order.BATCHED);
    if (batched.maxCost() > 0 && batched.cost().isEmpty() && !namedKey) {
      throw new IllegalArgumentException(Messages.batchCostMissing(method));
    }
    if (key.declaresStageSubtype()) {
      throw new IllegalArgumentException(
          Messages.asyncReturnType("Batched", method, key.returnTypeSimpleName()));
    }
  }
}
