package dev.decor.examples.spring;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes of heap that requests may hold at once for one purpose (request bodies, decoding images),
 * reserved before they are allocated and given back when the request is done with them — a
 * semaphore counted in bytes. A request that cannot reserve what it needs is refused (503) rather
 * than allocating, so a burst of large inputs is shed instead of exhausting the heap.
 *
 * <p>Large reservations (more than 1/64 of the budget) may not take its last eighth: that part is
 * kept for small ones, so a budget filled by large inputs still lets normal requests through.
 * Waiters are woken on every release and check again; there is no queue order. Thread-safe; a
 * {@link ReentrantLock}, not {@code synchronized}, so a virtual thread that waits does not pin its
 * carrier on JDK 21–23.
 */
public final class ByteBudget {
  private final String name;
  private final long capacity;
  private final long largeAbove;
  private final long keptForSmall;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private long used; // guarded by lock

  /**
   * @param name what the budget is for, in messages
   * @param capacity the bytes it holds
   */
  public ByteBudget(String name, long capacity) {
    if (capacity < 64) {
      throw new IllegalArgumentException("[decor/SampleLimits] " + name + " must be at least 64 bytes; it was " + capacity);
    }
    this.name = name;
    this.capacity = capacity;
    this.largeAbove = capacity / 64;
    this.keptForSmall = capacity / 8;
  }

  /** The largest single reservation that can ever succeed: the budget less the part kept for small ones. */
  public long largest() {
    return capacity - keptForSmall;
  }

  /**
   * Reserves {@code bytes}, waiting at most {@code waitNanos} for other requests to give theirs
   * back; false if they did not (or if {@code bytes} is more than {@link #largest} could ever give).
   */
  public boolean tryReserve(long bytes, long waitNanos) throws InterruptedException {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes " + bytes);
    }
    long limit = bytes > largeAbove ? capacity - keptForSmall : capacity;
    if (bytes > limit) {
      return false;
    }
    long nanos = waitNanos;
    lock.lockInterruptibly();
    try {
      while (used + bytes > limit) {
        if (nanos <= 0) {
          return false;
        }
        nanos = released.awaitNanos(nanos);
      }
      used += bytes;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back {@code bytes} reserved earlier. */
  public void release(long bytes) {
    lock.lock();
    try {
      if (bytes < 0 || bytes > used) {
        throw new IllegalStateException(name + ": releasing " + bytes + " bytes of " + used + " reserved");
      }
      used -= bytes;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The smallest budget whose {@link #largest} is at least {@code bytes}. */
  public static long capacityFor(long bytes) {
    return 8 * (bytes - 1) / 7 + 1;
  }

  /** Bytes reserved now. */
  public long used() {
    lock.lock();
    try {
      return used;
    } finally {
      lock.unlock();
    }
  }

  /** The budget in bytes. */
  public long capacity() {
    return capacity;
  }

  @Override
  public String toString() {
    return name + " (" + used() + " of " + capacity + " bytes reserved)";
  }
}
