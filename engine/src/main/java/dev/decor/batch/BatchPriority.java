package dev.decor.batch;

/**
 * The priority of the batched items the calling thread submits: higher goes first. Outside a
 * scope it is 0. A level travels with the caller, as its {@code @Timeout} deadline does, so one
 * {@code @Batched} method can serve interactive and background callers from one queue — Triton's
 * priority levels:
 *
 * <pre>{@code
 * try (BatchPriority.Scope s = BatchPriority.of(1)) {
 *   label = classifier.predict(image);   // ahead of level-0 items in predict's queue
 * }
 * }</pre>
 *
 * A lower level is not starved: an item that has waited {@value Batcher#STARVATION_FACTOR} ×
 * {@code maxWait}, or four mean batch times if longer, goes ahead of every higher level (see
 * docs/batching.md for the bound).
 *
 * <p>Per thread: a scope never reaches another thread (a task handed to an executor runs at 0).
 * Thread-safe.
 */
public final class BatchPriority {
  private static final ThreadLocal<int[]> PER_THREAD = ThreadLocal.withInitial(() -> new int[1]);

  private BatchPriority() {}

  /** The calling thread's level: the innermost open scope's, or 0. */
  public static int current() {
    return PER_THREAD.get()[0];
  }

  /** Sets the calling thread's level until the scope closes (use try-with-resources). */
  public static Scope of(int priority) {
    int[] level = PER_THREAD.get();
    Scope scope = new Scope(level[0], Thread.currentThread());
    level[0] = priority;
    return scope;
  }

  /** An open level; closing it restores the one before, on the thread that opened it. */
  public static final class Scope implements AutoCloseable {
    private final int previous;
    private final Thread owner;

    private Scope(int previous, Thread owner) {
      this.previous = previous;
      this.owner = owner;
    }

    /** @throws IllegalStateException on a thread other than the one that opened it */
    @Override
    public void close() {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException("A BatchPriority scope closes on the thread that opened it");
      }
      PER_THREAD.get()[0] = previous;
    }
  }
}
