package dev.decor.timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine's timer: a single daemon thread that sleeps until the earliest deadline it watches
 * and fires the entries whose deadline has passed — no thread per call.
 *
 * <h2>Design</h2>
 * Entries sit in a binary min-heap keyed by time on the engine's clock, guarded by one lock. A
 * synchronous call does not add and remove an entry each time: its thread's {@link Watch} stays
 * queued between calls and is only re-armed, so a call that finishes in time takes no lock and
 * allocates nothing; when the watch's key comes due the timer looks at what it is armed for now,
 * and waits again, fires, or drops it (not armed). An asynchronous call's {@link StageWatch} is
 * added once and removed when its stage completes. The thread starts on the first entry, sleeps
 * with {@link Condition#awaitNanos} until the head's key (woken when an earlier key arrives), runs
 * the firings outside the lock, and ends after {@value #KEEP_ALIVE_SECONDS} s with nothing to
 * watch (at once after {@link #close()}); the next entry starts it again. It inherits no
 * inheritable thread-locals.
 *
 * <p>Thread-safe.
 */
final class Watchdog {
  private static final Logger log = LoggerFactory.getLogger("dev.decor.Timeout");
  private static final AtomicInteger THREADS = new AtomicInteger();
  static final int KEEP_ALIVE_SECONDS = 10;
  /** What {@link Entry#expire} returns to leave the heap. */
  static final long DROP = Long.MIN_VALUE;

  /**
   * Something the timer watches. {@link #key} and {@link #index} belong to the watchdog's lock;
   * {@link #keyMirror} is the key as an entry's owner may read it without the lock.
   */
  abstract static class Entry {
    long key;
    int index = -1;
    volatile long keyMirror = Long.MAX_VALUE;

    /**
     * The timer found the key passed at {@code now} (it holds the lock): returns the key to wait
     * for again, or {@link #DROP}, adding itself to {@code due} if it is to {@link #fire}.
     */
    abstract long expire(long now, List<Entry> due);

    /** Fires: on the timer thread, outside the lock; must not block. */
    abstract void fire();

    /** Its owner stopped watching it ({@link Watchdog#remove}): under the lock. */
    void removed() {}
  }

  private final LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Filled and emptied by the timer thread only. */
  private final List<Entry> due = new ArrayList<>();
  // Guarded by lock:
  private Entry[] heap = new Entry[16];
  private int size;
  /** The key the sleeping thread wakes at; MIN_VALUE while it runs (nothing to signal). */
  private long wakeAt = Long.MIN_VALUE;
  private Thread thread;
  private boolean closed;
  /** Threads started so far; for tests. */
  private int starts;

  Watchdog(LongSupplier clock) {
    this.clock = clock;
  }

  /** Watches {@code entry} (not watched yet) until {@code key}. */
  void add(Entry entry, long key) {
    lock.lock();
    try {
      entry.key = key;
      entry.keyMirror = key;
      push(entry);
      if (thread == null) {
        start();
      } else if (key < wakeAt) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Moves {@code entry}'s key to {@code key} if that is earlier and it is watched. */
  void advance(Entry entry, long key) {
    lock.lock();
    try {
      if (entry.index >= 0 && key < entry.key) {
        entry.key = key;
        entry.keyMirror = key;
        siftUp(entry.index);
        if (key < wakeAt) {
          changed.signal();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops watching {@code entry}, if it is watched, and tells it so ({@link Entry#removed}). */
  void remove(Entry entry) {
    lock.lock();
    try {
      int i = entry.index;
      if (i >= 0) {
        removeAt(i);
      }
      entry.removed();
    } finally {
      lock.unlock();
    }
  }

  /** Lets the thread end as soon as nothing is watched (a later entry starts it again). */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** How many entries are watched now; for tests. */
  int watched() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** How many times a timer thread was started; for tests. */
  int starts() {
    lock.lock();
    try {
      return starts;
    } finally {
      lock.unlock();
    }
  }

  private void start() {
    Thread t = new Thread(null, this::run, "decor-timeout-" + THREADS.incrementAndGet(), 0,
        false);
    t.setDaemon(true);
    thread = t;
    starts++;
    t.start();
  }

  private void run() {
    lock.lock();
    try {
      while (true) {
        long now = clock.getAsLong();
        while (size > 0 && heap[0].key <= now) {
          Entry e = heap[0];
          removeAt(0);
          long again = e.expire(now, due);
          if (again != DROP) {
            e.key = again;
            push(e);
          }
        }
        if (!due.isEmpty()) {
          lock.unlock();
          try {
            fireDue();
          } finally {
            lock.lock();
          }
          continue;
        }
        if (size == 0) {
          if (closed) {
            break;
          }
          wakeAt = Long.MAX_VALUE;
          long left = sleep(TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS));
          if (size == 0 && (left <= 0 || closed)) {
            break;
          }
        } else {
          long head = heap[0].key;
          wakeAt = head;
          sleep(Math.max(1, head - now));
        }
      }
    } finally {
      thread = null;
      lock.unlock();
    }
  }

  /** Sleeps (releasing the lock) until signalled or {@code nanos} pass; a stray interrupt is ignored. */
  private long sleep(long nanos) {
    try {
      return changed.awaitNanos(nanos);
    } catch (InterruptedException e) {
      return 1; // whatever interrupted the timer thread, the deadlines it watches still stand
    } finally {
      wakeAt = Long.MIN_VALUE;
    }
  }

  private void fireDue() {
    for (Entry e : due) {
      try {
        e.fire();
      } catch (RuntimeException | Error t) {
        log.error("[decor/Timeout] firing a timeout failed", t);
      }
    }
    due.clear();
  }

  // The heap: heap[0] has the earliest key; each entry knows its index.

  private void push(Entry e) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    heap[size] = e;
    e.index = size;
    size++;
    siftUp(size - 1);
  }

  private void removeAt(int i) {
    Entry removed = heap[i];
    removed.index = -1;
    size--;
    if (i == size) {
      heap[size] = null;
      return;
    }
    Entry last = heap[size];
    heap[size] = null;
    heap[i] = last;
    last.index = i;
    siftDown(i);
    if (last.index == i) {
      siftUp(i);
    }
  }

  private void siftUp(int i) {
    Entry e = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Entry p = heap[parent];
      if (p.key <= e.key) {
        break;
      }
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = e;
    e.index = i;
  }

  private void siftDown(int i) {
    Entry e = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && heap[right].key < heap[child].key) {
        child = right;
      }
      if (e.key <= heap[child].key) {
        break;
      }
      heap[i] = heap[child];
      heap[i].index = i;
      i = child;
    }
    heap[i] = e;
    e.index = i;
  }
}
