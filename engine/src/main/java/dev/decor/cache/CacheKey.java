package dev.decor.cache;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * The key of one call of a {@code @Cached} method: its receiver, by identity, and its arguments —
 * values by {@code equals}, arrays and buffers by a digest of their contents ({@link #part}).
 *
 * <h2>Why a class per method</h2>
 * Generated wrappers write one small final subclass per cached method, with the parameters as
 * fields and {@code equals}/{@code hashCode} written out for their types: a hit then builds one
 * object that the JIT takes apart once the lookup is inlined (no argument array, no boxing, no
 * tuple), and comparing two keys is a few field reads. The engine's own subclass, for woven methods
 * and {@code Decorators}, is built from the argument array. Keys of different classes are never
 * equal.
 *
 * <h2>The receiver</h2>
 * A key to look up with holds the receiver strongly and lives only for the call. The key the cache
 * stores is the same object turned {@link #stored}: from then on it holds the receiver weakly, so a
 * cache never keeps a receiver alive, and its entry is removed once the receiver is collected. A
 * key whose receiver is gone equals no other key. The hash includes the receiver's identity hash,
 * taken at construction, so it never changes.
 *
 * <p>Part of the surface generated code calls (docs/processor.md): a subclass calls the
 * constructor, and {@link #receiverHash}, {@link #sameReceiver} and {@link #part} from its
 * {@code hashCode}, {@code equals} and constructor; it implements {@link #parts}. Not for
 * application code. Immutable once constructed, but for the one change {@link #stored} makes before
 * the key is shared.
 */
public abstract class CacheKey {
  /** Makes the key of a call from its receiver and argument array: a chain's miss path. */
  @FunctionalInterface
  public interface Factory {
    /** The key of {@code self.m(args)}; {@code self} is null for a static method. */
    CacheKey of(Object self, Object[] args);
  }

  /** The receiver; then a {@link Held} once {@link #stored}; null for a static method. */
  private Object receiver;
  private final int receiverHash;
  /** An argument could not be keyed (an object array that contains itself): see {@link #part}. */
  private boolean cyclic;

  /** @param receiver the call's receiver, or null for a static method */
  protected CacheKey(Object receiver) {
    this.receiver = receiver;
    this.receiverHash = receiver == null ? 0 : System.identityHashCode(receiver);
  }

  /** The receiver's identity hash (0 without one): what a subclass's {@code hashCode} starts from. */
  protected final int receiverHash() {
    return receiverHash;
  }

  /**
   * Whether {@code other} (of the subclass's own class, checked by the caller) has the same
   * receiver, by identity; false once either's receiver has been collected.
   */
  protected final boolean sameReceiver(CacheKey other) {
    return receiverHash == other.receiverHash && receiver() == other.receiver();
  }

  private Object receiver() {
    Object r = receiver;
    return r instanceof Held h ? h.receiverOrSelf() : r;
  }

  /**
   * What a key keeps of an argument whose class is not known to be a plain value (an array, a
   * {@code ByteBuffer}, or a parameter declared {@code Object} that may hold one): a 128-bit digest
   * of an array's or buffer's contents taken now (object arrays element by element), a marker for
   * {@code null}, else the argument itself. Called by a subclass's constructor on such arguments.
   * An object array that contains itself has no key: the key then equals no other, and the
   * engine reports it when the call goes on to the chain.
   */
  protected final Object part(Object argument) {
    try {
      return CacheKeys.normalize(argument);
    } catch (CacheKeys.CyclicArgument e) {
      cyclic = true;
      return new Object();
    }
  }

  /**
   * The arguments as the shared tier encodes them, in parameter order: each one's {@link #part}
   * (primitives boxed). Called only on a miss of a cache that shares its values.
   */
  protected abstract Object[] parts();

  /** Whether {@link #part} met an argument that has no key. */
  final boolean cyclic() {
    return cyclic;
  }

  /**
   * Turns this key into the one a cache stores: from now on it holds its receiver weakly, and
   * {@code collected} receives the reference once the receiver is collected ({@link #ofCollected}).
   * Call it before the key is shared, at most once.
   */
  final CacheKey stored(ReferenceQueue<Object> collected) {
    Object r = receiver;
    if (r != null && !(r instanceof Held)) {
      receiver = new Held(r, this, collected);
    }
    return this;
  }

  /** The stored key whose receiver {@code reference} held. */
  static CacheKey ofCollected(Object reference) {
    return ((Held) reference).key;
  }

  /** A stored key's receiver, held weakly; it also leads back to its key once enqueued. */
  private static final class Held extends WeakReference<Object> {
    final CacheKey key;

    Held(Object receiver, CacheKey key, ReferenceQueue<Object> collected) {
      super(receiver, collected);
      this.key = key;
    }

    /** The receiver, or this reference once it is gone: equal to no other key's receiver. */
    Object receiverOrSelf() {
      Object r = get();
      return r != null ? r : this;
    }
  }
}
