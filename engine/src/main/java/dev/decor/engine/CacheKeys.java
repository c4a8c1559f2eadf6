package dev.decor.engine;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * Builds {@code @Cached} keys: the receiver by identity (held weakly once stored) plus the
 * arguments — value types by {@code equals}, primitive arrays and {@link ByteBuffer}s by a 128-bit
 * XXH3 digest of their content taken now (with element type and length), object arrays deeply.
 * A key never holds a reference to a caller's array, so mutating it later cannot corrupt the
 * cache.
 */
final class CacheKeys {
  private static final LongTupleHashFunction XXH3 = LongTupleHashFunction.xx128();
  private static final Object NO_ARGS = new Marker("()");
  private static final Object NULL = new Marker("null");
  private static final long FLOAT_BASE = arrayBase("ARRAY_FLOAT_BASE_OFFSET");
  private static final long DOUBLE_BASE = arrayBase("ARRAY_DOUBLE_BASE_OFFSET");

  private CacheKeys() {}

  /** The key of these arguments, without a receiver. */
  static Object argsKey(Object[] args) {
    if (args == null || args.length == 0) {
      return NO_ARGS;
    }
    if (args.length == 1) {
      return normalize(args[0]);
    }
    Object[] parts = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      parts[i] = normalize(args[i]);
    }
    return new Tuple(parts);
  }

  /** A key to look up with; holds {@code receiver} strongly, so it must never be stored. */
  static Object lookupKey(Object receiver, Object argsKey) {
    return receiver == null ? argsKey : new LookupKey(receiver, argsKey);
  }

  /** A key to store; holds {@code receiver} weakly and is enqueued when it is collected. */
  static Object storedKey(Object receiver, Object argsKey, ReferenceQueue<Object> queue) {
    return receiver == null ? argsKey : new WeakKey(receiver, argsKey, queue);
  }

  static Object normalize(Object arg) {
    if (arg == null) {
      return NULL;
    }
    Class<?> type = arg.getClass();
    if (type.isArray()) {
      return arrayKey(arg, type.getComponentType());
    }
    if (arg instanceof ByteBuffer) {
      return bufferKey((ByteBuffer) arg);
    }
    return arg;
  }

  /**
   * Heap buffers are hashed through their array; other buffers through their own absolute
   * getters, because the library's direct-buffer path needs {@code sun.nio.ch}, which
   * {@code java.base} does not export ({@link IllegalAccessError} on JDK 17+).
   */
  private static Object bufferKey(ByteBuffer b) {
    int length = b.remaining();
    long[] h = b.hasArray()
        ? XXH3.hashBytes(b.array(), b.arrayOffset() + b.position(), length)
        : XXH3.hash(b, Access.toByteBuffer(), b.position(), length);
    return new Digest(ByteBuffer.class, length, h[0], h[1]);
  }

  private static Object arrayKey(Object array, Class<?> component) {
    long[] h;
    int length;
    if (component == byte.class) {
      byte[] a = (byte[]) array;
      length = a.length;
      h = XXH3.hashBytes(a);
    } else if (component == int.class) {
      int[] a = (int[]) array;
      length = a.length;
      h = XXH3.hashInts(a);
    } else if (component == long.class) {
      long[] a = (long[]) array;
      length = a.length;
      h = XXH3.hashLongs(a);
    } else if (component == float.class) {
      float[] a = (float[]) array;
      length = a.length;
      h = XXH3.hash(a, Access.unsafe(), FLOAT_BASE, 4L * length);
    } else if (component == double.class) {
      double[] a = (double[]) array;
      length = a.length;
      h = XXH3.hash(a, Access.unsafe(), DOUBLE_BASE, 8L * length);
    } else if (component == short.class) {
      short[] a = (short[]) array;
      length = a.length;
      h = XXH3.hashShorts(a);
    } else if (component == char.class) {
      char[] a = (char[]) array;
      length = a.length;
      h = XXH3.hashChars(a);
    } else if (component == boolean.class) {
      boolean[] a = (boolean[]) array;
      length = a.length;
      h = XXH3.hashBooleans(a);
    } else {
      Object[] a = (Object[]) array;
      Object[] parts = new Object[a.length];
      for (int i = 0; i < a.length; i++) {
        parts[i] = normalize(a[i]);
      }
      return new ObjectArray(component, new Tuple(parts));
    }
    return new Digest(component, length, h[0], h[1]);
  }

  private static long arrayBase(String field) {
    try {
      // Read once by reflection: the constant lives in jdk.unsupported's sun.misc.Unsafe.
      return Class.forName("sun.misc.Unsafe").getField(field).getInt(null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A 128-bit content digest of an array or buffer, with its element type and length. */
  static final class Digest {
    private final Class<?> type;
    private final int length;
    private final long h1;
    private final long h2;

    Digest(Class<?> type, int length, long h1, long h2) {
      this.type = type;
      this.length = length;
      this.h1 = h1;
      this.h2 = h2;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Digest)) {
        return false;
      }
      Digest d = (Digest) o;
      return h1 == d.h1 && h2 == d.h2 && length == d.length && type == d.type;
    }

    @Override
    public int hashCode() {
      return (int) (h1 ^ (h1 >>> 32));
    }

    @Override
    public String toString() {
      return type.getSimpleName() + "[" + length + "]#" + Long.toHexString(h1) + Long.toHexString(h2);
    }
  }

  /** Normalized elements of an object array, with its component type. */
  private record ObjectArray(Class<?> component, Tuple elements) {}

  /** Several normalized arguments. */
  private static final class Tuple {
    private final Object[] parts;
    private final int hash;

    Tuple(Object[] parts) {
      this.parts = parts;
      this.hash = Arrays.hashCode(parts);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tuple && ((Tuple) o).hash == hash && Arrays.equals(((Tuple) o).parts, parts);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return Arrays.toString(parts);
    }
  }

  private static final class Marker {
    private final String name;

    Marker(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A receiver-bound key; equal keys have the same receiver (by identity) and equal arguments. */
  interface ReceiverKey {
    Object receiver();

    Object args();
  }

  static int hash(Object receiver, Object args) {
    return 31 * System.identityHashCode(receiver) + args.hashCode();
  }

  static boolean equal(ReceiverKey a, Object o) {
    if (a == o) {
      return true;
    }
    if (!(o instanceof ReceiverKey) || a.hashCode() != o.hashCode()) {
      return false;
    }
    ReceiverKey b = (ReceiverKey) o;
    Object r = a.receiver();
    return r != null && r == b.receiver() && a.args().equals(b.args());
  }

  private static final class LookupKey implements ReceiverKey {
    private final Object receiver;
    private final Object args;
    private final int hash;

    LookupKey(Object receiver, Object args) {
      this.receiver = receiver;
      this.args = args;
      this.hash = CacheKeys.hash(receiver, args);
    }

    @Override
    public Object receiver() {
      return receiver;
    }

    @Override
    public Object args() {
      return args;
    }

    @Override
    public boolean equals(Object o) {
      return equal(this, o);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  static final class WeakKey extends WeakReference<Object> implements ReceiverKey {
    private final Object args;
    private final int hash;

    WeakKey(Object receiver, Object args, ReferenceQueue<Object> queue) {
      super(receiver, queue);
      this.args = args;
      this.hash = CacheKeys.hash(receiver, args);
    }

    @Override
    public Object receiver() {
      return get();
    }

    @Override
    public Object args() {
      return args;
    }

    @Override
    public boolean equals(Object o) {
      return equal(this, o);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
