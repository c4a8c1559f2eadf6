package dev.decor.kernel;

import java.util.Arrays;

/**
 * The deadlines of the decorated calls running on one thread, innermost last: what
 * {@code @Timeout} pushes for the length of a synchronous call, so that the stages and code it
 * calls on the same thread can see how long they have left (the facade {@code Timeouts.remaining()}
 * for users; a batcher, later, to drop an item whose caller has given up).
 *
 * <p>A deadline is a time on the clock of the engine whose {@code @Timeout} set it; the effective
 * deadline of a nested call is the earlier of its own and its caller's. Each level also holds one
 * object for the stage that pushed it (the timeout wing keeps its reusable timer entry there, so a
 * call allocates nothing). The state is per thread and never travels to another thread: a grad
 * region that a virtual thread runs on a decor model thread does not see it.
 *
 * <p>Not API: for the engine's wings. Confined to its thread.
 */
public final class Deadline {
  /** No deadline. */
  public static final long NONE = Long.MAX_VALUE;

  private static final ThreadLocal<Deadline> PER_THREAD = ThreadLocal.withInitial(Deadline::new);

  /** The effective deadline of each level. */
  private long[] deadlines = new long[4];
  /** What the stage of each level keeps there. */
  private Object[] slots = new Object[4];
  private int depth;

  private Deadline() {}

  /** The calling thread's deadlines. */
  public static Deadline current() {
    return PER_THREAD.get();
  }

  /** The innermost effective deadline on the calling thread, or {@link #NONE}. */
  public static long ofCurrentThread() {
    return current().nanos();
  }

  /** The innermost effective deadline, or {@link #NONE}. */
  public long nanos() {
    int d = depth;
    return d == 0 ? NONE : deadlines[d - 1];
  }

  /**
   * Enters a level with {@code deadline} (the earlier of it and the enclosing one counts); returns
   * the level, to pass to {@link #slot} and {@link #pop}.
   */
  public int push(long deadline) {
    int d = depth;
    if (d == deadlines.length) {
      deadlines = Arrays.copyOf(deadlines, d * 2);
      slots = Arrays.copyOf(slots, d * 2);
    }
    long outer = d == 0 ? NONE : deadlines[d - 1];
    deadlines[d] = Math.min(outer, deadline);
    depth = d + 1;
    return d;
  }

  /** Leaves {@code level} (and any level a failed caller left open inside it). */
  public void pop(int level) {
    depth = level;
  }

  /** What the stage of {@code level} kept there, or null. */
  public Object slot(int level) {
    return slots[level];
  }

  /** Keeps {@code value} at {@code level} for the next call that enters it. */
  public void slot(int level, Object value) {
    slots[level] = value;
  }
}
