package dev.decor.timeout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import dev.decor.kernel.Deadline;
import dev.decor.kernel.VirtualThreads;
import java.util.List;

/**
 * The timer entry of one thread's synchronous {@code @Timeout} calls at one nesting level, reused
 * call after call: {@link #arm} at the start, {@link #disarm} at the end. A platform thread's
 * watch stays in the watchdog's heap between calls (see {@link Watchdog}), so a call that ends in
 * time takes no lock and allocates nothing; a virtual thread's leaves the heap when its call ends
 * (one lock), as the thread will soon end too.
 *
 * <h2>States</h2>
 * One {@code long}: a generation counter (bumped by every arming) above four flags — ARMED (a
 * call is running), QUEUED (in the heap), FIRING (the timer claimed this arming and is
 * interrupting the thread), FIRED (it has). The owner thread sets ARMED; the timer claims an
 * armed, expired entry by one CAS that turns ARMED into FIRING, so for each arming either the
 * owner's disarming CAS wins (the thread is never interrupted for this call) or the timer's does
 * (the owner waits for FIRED, then clears the interrupt flag the timer set before it returns).
 * Either way the interrupt does not outlive the call. The generation keeps a disarm-rearm between
 * the timer's read and its CAS from being taken for the same arming.
 *
 * <p>The heap key may be later than a new arming's deadline (the previous call had a longer
 * limit): the owner then moves it earlier under the lock. The timer publishes a key it is about to
 * requeue ({@link Watchdog.Entry#keyMirror}) before it re-checks the state, so an owner arming
 * after that check sees the key and moves it if it must.
 *
 * <p>Owned by one thread (arm, disarm); the timer thread reads it.
 */
final class Watch extends Watchdog.Entry {
  private static final long ARMED = 1;
  private static final long QUEUED = 2;
  private static final long FIRING = 4;
  private static final long FIRED = 8;
  private static final long FLAGS = 15;
  private static final long GENERATION = 16;
  private static final VarHandle STATE;
  private static final VarHandle DEADLINE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(Watch.class, "state", long.class);
      DEADLINE = lookup.findVarHandle(Watch.class, "deadline", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Watchdog watchdog;
  private final Thread thread;
  /**
   * A platform thread's watch stays queued between calls (pool threads call again); a virtual
   * thread usually makes a call or two and ends, so its watch leaves the heap when a call ends
   * rather than linger there, holding the thread, until its last deadline.
   */
  private final boolean staysQueued;
  @SuppressWarnings("unused") // through STATE
  private volatile long state;
  @SuppressWarnings("unused") // through DEADLINE: released by the arming CAS, read after the state
  private long deadline;
  /** The thread was already interrupted when the timer fired; written before FIRED is set. */
  private boolean interruptedBefore;

  /**
   * The decorator of the call now (or last) armed: a token's later hooks report a timeout through
   * it ({@link TimeoutDecorator#end}). Written and read by the owner thread only.
   */
  TimeoutDecorator owner;

  /** The thread's deadlines, and this watch's level there, which {@link #leave} pops. */
  private final Deadline frames;
  private final int level;

  Watch(Watchdog watchdog, Thread thread, Deadline frames, int level) {
    this.watchdog = watchdog;
    this.thread = thread;
    this.staysQueued = !VirtualThreads.isVirtual(thread);
    this.frames = frames;
    this.level = level;
  }

  /** The deadline of the current (or last) arming. */
  long deadline() {
    return (long) DEADLINE.getOpaque(this);
  }

  /** Ends the call: {@link #disarm}s and leaves its level of the thread's deadlines. */
  boolean leave() {
    boolean fired = disarm();
    frames.pop(level);
    return fired;
  }

  /** Starts watching a call that must end by {@code deadline}; on the owner thread. */
  void arm(long deadline) {
    DEADLINE.setRelease(this, deadline);
    long s;
    do {
      s = (long) STATE.getVolatile(this);
    } while (!STATE.compareAndSet(this, s, (s & ~FLAGS) + GENERATION | (s & QUEUED) | ARMED));
    if ((s & QUEUED) == 0) {
      queue(deadline);
    } else if (deadline < keyMirror) {
      watchdog.advance(this, deadline);
    }
  }

  /**
   * Puts the watch in the heap: a platform thread's first call (it then stays queued), or any call
   * of a virtual thread's. Out of line, so the arming inlined into every caller stays small.
   */
  private void queue(long deadline) {
    STATE.getAndBitwiseOr(this, QUEUED);
    watchdog.add(this, deadline);
  }

  /**
   * Ends the call; on the owner thread. Returns whether the timer fired for it, in which case the
   * interrupt it delivered has been cleared (unless the thread was interrupted already).
   */
  boolean disarm() {
    while (true) {
      long s = (long) STATE.getVolatile(this);
      if ((s & (FIRING | FIRED)) == 0) {
        if (STATE.compareAndSet(this, s, s & ~ARMED)) {
          if (!staysQueued && (s & QUEUED) != 0) {
            watchdog.remove(this);
          }
          return false;
        }
        continue; // the timer requeued or dropped it meanwhile
      }
      if ((s & FIRED) == 0) {
        Thread.onSpinWait(); // the timer is between its claim and the interrupt: a few instructions
        Thread.yield();
        continue;
      }
      boolean ours = !interruptedBefore;
      STATE.setVolatile(this, s & ~FIRED);
      if (ours) {
        Thread.interrupted();
      }
      return true;
    }
  }

  /** Taken out of the heap by its owner (under the watchdog's lock): no longer QUEUED. */
  @Override
  void removed() {
    STATE.getAndBitwiseAnd(this, ~QUEUED);
  }

  @Override
  long expire(long now, List<Watchdog.Entry> due) {
    while (true) {
      long s = (long) STATE.getVolatile(this);
      if ((s & ARMED) == 0) {
        if (STATE.compareAndSet(this, s, s & ~QUEUED)) {
          return Watchdog.DROP;
        }
        continue;
      }
      long d = (long) DEADLINE.getAcquire(this);
      if (d > now) {
        keyMirror = d; // before the check: an arming after it sees this key (see the class doc)
        if ((long) STATE.getVolatile(this) == s) {
          return d;
        }
        continue;
      }
      if (STATE.compareAndSet(this, s, (s & ~(ARMED | QUEUED)) | FIRING)) {
        due.add(this);
        return Watchdog.DROP;
      }
    }
  }

  @Override
  void fire() {
    interruptedBefore = thread.isInterrupted();
    thread.interrupt();
    STATE.getAndAdd(this, FIRED - FIRING);
  }
}
