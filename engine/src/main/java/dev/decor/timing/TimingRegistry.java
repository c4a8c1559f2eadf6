package dev.decor.timing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * An engine's {@code @Timed} state: one recorder per decor name, the bound MeterRegistry, the
 * engine's clock, and the ObservationRegistry its calls and batches report to (null: none, and
 * then no Observation is made at all). Engine-facing; not for application code. Thread-safe.
 */
public final class TimingRegistry {
  private final ConcurrentHashMap<String, Recorder> recorders = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private final LongSupplier nanoTime;
  private final ObservationRegistry observations;

  public TimingRegistry(MeterRegistry registry, LongSupplier nanoTime) {
    this(registry, nanoTime, null);
  }

  /**
   * {@code observations} null or {@link ObservationRegistry#NOOP}: no Observations. (A registry
   * without handlers yet is kept: its handlers may be added after the engine is built.)
   */
  public TimingRegistry(MeterRegistry registry, LongSupplier nanoTime,
      ObservationRegistry observations) {
    this.registry = registry;
    this.nanoTime = nanoTime;
    this.observations = observations == ObservationRegistry.NOOP ? null : observations;
  }

  /** The engine's ObservationRegistry, or null when it has none (the usual, free case). */
  public ObservationRegistry observations() {
    return observations;
  }

  /** The engine's clock. */
  long nanoTime() {
    return nanoTime.getAsLong();
  }

  /**
   * One name's count, total and max, kept in stripes: a call takes the stripe its thread maps to
   * with one compare-and-set, adds with plain stores and leaves it with a release store — one
   * atomic instruction a call, where a {@code LongAdder} for the count, another for the total and
   * an accumulator for the max cost two or three. A stripe another thread holds sends the call on
   * to the next one. Readers take each stripe the same way, so a snapshot is exact for every call
   * that has returned.
   */
  static final class Recorder {
    /** Processors rounded up to a power of two, at most 32; a thread's stripe is its id masked. */
    private static final int STRIPES = Integer.highestOneBit(
        Math.min(32, Math.max(1, Runtime.getRuntime().availableProcessors())) * 2 - 1);

    private final Stripe[] stripes = new Stripe[STRIPES];

    Recorder() {
      for (int i = 0; i < stripes.length; i++) {
        stripes[i] = new Stripe();
      }
    }

    void record(long nanos) {
      int mask = stripes.length - 1;
      int i = (int) Thread.currentThread().getId() & mask;
      Stripe s = stripes[i];
      while (!s.tryLock()) {
        i = (i + 1) & mask;
        s = stripes[i];
        Thread.onSpinWait();
      }
      s.count++;
      s.total += nanos;
      if (nanos > s.max) {
        s.max = nanos;
      }
      s.unlock();
    }

    TimingStats snapshot() {
      long n = 0;
      long t = 0;
      long m = 0;
      for (Stripe s : stripes) {
        s.lock();
        n += s.count;
        t += s.total;
        m = Math.max(m, s.max);
        s.unlock();
      }
      return new TimingStats(n, t, m, n == 0 ? 0.0 : (double) t / n);
    }

    long count() {
      long n = 0;
      for (Stripe s : stripes) {
        s.lock();
        n += s.count;
        s.unlock();
      }
      return n;
    }

    void reset() {
      for (Stripe s : stripes) {
        s.lock();
        s.count = 0;
        s.total = 0;
        s.max = 0;
        s.unlock();
      }
    }
  }

  /**
   * A recorder's stripe: its fields are read and written only while {@code locked} is held, and
   * padded so two stripes' writers do not share a cache line. The lock word is a {@code long} so
   * that it stays where it is declared, beside the counters: the JVM lays a class's fields out by
   * size, and an {@code int} went into the object header's spare four bytes, ahead of the padding,
   * so each call touched two cache lines (the lock's and the counters') instead of one.
   */
  @SuppressWarnings("unused") // the padding
  static final class Stripe {
    private static final VarHandle LOCKED;

    static {
      try {
        LOCKED = MethodHandles.lookup().findVarHandle(Stripe.class, "locked", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private long p0;
    private long p1;
    private long p2;
    private long p3;
    private long p4;
    private long p5;
    private long p6;
    private volatile long locked;
    private long count;
    private long total;
    private long max;
    private long q0;
    private long q1;
    private long q2;
    private long q3;
    private long q4;
    private long q5;
    private long q6;

    boolean tryLock() {
      return locked == 0 && LOCKED.compareAndSet(this, 0L, 1L);
    }

    void lock() {
      while (!tryLock()) {
        Thread.onSpinWait();
      }
    }

    void unlock() {
      LOCKED.setRelease(this, 0L);
    }
  }

  Recorder recorder(String name) {
    return recorders.computeIfAbsent(name, n -> new Recorder());
  }

  public TimingStats stats(String name) {
    Recorder r = recorders.get(name);
    return r == null ? TimingStats.EMPTY : r.snapshot();
  }

  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    recorders.forEach((name, r) -> {
      if (r.count() > 0) {
        names.add(name);
      }
    });
    return names;
  }

  public void reset(String name) {
    Recorder r = recorders.get(name);
    if (r != null) {
      r.reset();
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void bindTo(MeterRegistry r) {
    registry = r;
  }
}
