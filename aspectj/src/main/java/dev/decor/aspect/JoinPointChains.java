package dev.decor.aspect;

import dev.decor.engine.internal.Chain;

/**
 * The chains of woven join points, found by the identity of the join point's static part (a
 * {@code static final} constant of the woven class, one per join point), for
 * {@link DecorAspect}'s advices.
 *
 * <p>Why not a {@code ConcurrentHashMap}: every woven call looks its chain up, inside advice that
 * must stay small enough for the JIT to inline into the woven method (else the method's boxed
 * result escapes, an allocation per call). A map's {@code get} compiles to a lot of code and asks
 * the key for its {@code hashCode()} through a call the JIT does not always inline. Here a lookup
 * is an identity hash (a JIT intrinsic), one array read and one comparison; a collision goes out
 * of line.
 *
 * <p>Thread-safe: lookups take no lock and read an array that is never written once published;
 * {@link #putIfAbsent} copies it under a lock. A join point's chain, once stored, never changes.
 */
final class JoinPointChains {
  /** Keys at even indexes, each one's chain at the next; at most half full. */
  private volatile Object[] table = new Object[2 * 64];
  private int size;

  /** The chain stored for {@code joinPoint}, or null. */
  Chain get(Object joinPoint) {
    Object[] t = table;
    int i = slot(joinPoint, t.length);
    if (t[i] == joinPoint) {
      return (Chain) t[i + 1];
    }
    return t[i] == null ? null : probe(t, i, joinPoint);
  }

  /** {@link #get} past a collision: linear probing from slot {@code i}. */
  private static Chain probe(Object[] t, int i, Object joinPoint) {
    while (true) {
      i = (i + 2) & (t.length - 1);
      Object k = t[i];
      if (k == joinPoint) {
        return (Chain) t[i + 1];
      }
      if (k == null) {
        return null;
      }
    }
  }

  /**
   * Stores {@code chain} for {@code joinPoint} unless one is stored already; returns the chain
   * stored before, or null if {@code chain} was stored.
   */
  synchronized Chain putIfAbsent(Object joinPoint, Chain chain) {
    Chain before = get(joinPoint);
    if (before != null) {
      return before;
    }
    Object[] t = table;
    int capacity = t.length;
    if (2 * (size + 1) > capacity / 2) {
      capacity *= 2;
    }
    Object[] copy = new Object[capacity];
    for (int i = 0; i < t.length; i += 2) {
      if (t[i] != null) {
        insert(copy, t[i], t[i + 1]);
      }
    }
    insert(copy, joinPoint, chain);
    size++;
    table = copy;
    return null;
  }

  private static void insert(Object[] t, Object key, Object value) {
    int i = slot(key, t.length);
    while (t[i] != null) {
      i = (i + 2) & (t.length - 1);
    }
    t[i] = key;
    t[i + 1] = value;
  }

  /** The even index where probing for {@code key} starts, in a table of {@code length}. */
  private static int slot(Object key, int length) {
    int h = System.identityHashCode(key);
    return ((h ^ (h >>> 16)) << 1) & (length - 1);
  }
}
