package dev.decor.grad;

/**
 * A block of code run in a grad region by {@link GradMode#noGrad(GradBlock)} and its siblings —
 * the body of Python's {@code with torch.no_grad():}, as a lambda.
 *
 * <p>{@code E} is inferred from the lambda, so a block that throws no checked exception needs no
 * {@code catch}, and one that throws {@code IOException} makes the call throw it.
 *
 * @param <T> what the block returns ({@code Void} and {@code return null} for none)
 * @param <E> the checked exception the block may throw
 */
@FunctionalInterface
public interface GradBlock<T, E extends Throwable> {
  /** Runs the block. */
  T call() throws E;
}
