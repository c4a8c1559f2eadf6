package dev.decor.cache;

import com.dynatrace.hash4j.hashing.HashStream128;
import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hasher128;
import com.dynatrace.hash4j.hashing.Hashing;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds the parts of {@code @Cached} keys ({@link CacheKey}), and the engine's own key: the
 * arguments — value types by {@code equals}, primitive arrays and {@link ByteBuffer}s by a 128-bit
 * XXH3 digest of their content taken now (with element type and length), object arrays deeply.
 * A key never holds a reference to a caller's array, so mutating it later cannot corrupt the
 * cache.
 *
 * <p>The digest is hash4j's XXH3-128, which reads arrays through {@code VarHandle}s: no
 * {@code sun.misc.Unsafe}, so JDK 23+ prints no deprecation warning. Other primitive arrays are
 * hashed as their little-endian bytes (hash4j's typed puts); a direct buffer is copied out in
 * chunks of {@value #CHUNK} bytes.
 */
final class CacheKeys {
  private static final Hasher128 XXH3 = Hashing.xxh3_128();
  /** Bytes copied at a time when hashing a direct buffer. */
  private static final int CHUNK = 8192;
  private static final Object NO_ARGS = new Marker("()");
  private static final Object NULL = new Marker("null");

  private CacheKeys() {}

  /**
   * An object array that contains itself, directly or through nested object arrays: it has no
   * finite key. Thrown without a stack trace; {@link MethodCache} turns it into the user's message.
   */
  static final class CyclicArgument extends RuntimeException {
    CyclicArgument() {
      super(null, null, false, false);
    }
  }

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

  /**
   * The normalized arguments inside an {@link #argsKey} — what the shared tier's key encodes, so
   * no array is digested twice.
   */
  static Object[] parts(Object argsKey) {
    if (argsKey == NO_ARGS) {
      return new Object[0];
    }
    return argsKey instanceof Tuple t ? t.parts : new Object[] {argsKey};
  }

  /** Whether a normalized part stands for a {@code null} argument. */
  static boolean isNull(Object part) {
    return part == NULL;
  }

  static Object normalize(Object arg) {
    return normalize(arg, null);
  }

  /** The key part of {@code arg}, inside the object arrays {@code enclosing} (null at top level). */
  private static Object normalize(Object arg, Enclosing enclosing) {
    if (arg == null) {
      return NULL;
    }
    Class<?> type = arg.getClass();
    if (type.isArray()) {
      Class<?> component = type.getComponentType();
      return component.isPrimitive()
          ? primitiveArrayKey(arg, component)
          : objectArrayKey((Object[]) arg, component, enclosing);
    }
    if (arg instanceof ByteBuffer) {
      return bufferKey((ByteBuffer) arg);
    }
    return arg;
  }

  private static Object objectArrayKey(Object[] a, Class<?> component, Enclosing enclosing) {
    for (Enclosing e = enclosing; e != null; e = e.parent) {
      if (e.array == a) {
        throw new CyclicArgument();
      }
    }
    Enclosing here = new Enclosing(a, enclosing);
    Object[] parts = new Object[a.length];
    for (int i = 0; i < a.length; i++) {
      parts[i] = normalize(a[i], here);
    }
    return new ObjectArray(component, new Tuple(parts));
  }

  /** The object arrays being normalized, innermost first: a cycle meets one of them again. */
  private record Enclosing(Object[] array, Enclosing parent) {}

  /**
   * Heap buffers are hashed through their array; other buffers through bulk absolute gets, which
   * leave the position alone.
   */
  private static Object bufferKey(ByteBuffer b) {
    int length = b.remaining();
    int position = b.position();
    if (b.hasArray()) {
      return digest(ByteBuffer.class, length,
          XXH3.hashBytesTo128Bits(b.array(), b.arrayOffset() + position, length));
    }
    if (length <= CHUNK) {
      byte[] bytes = new byte[length];
      b.get(position, bytes);
      return digest(ByteBuffer.class, length, XXH3.hashBytesTo128Bits(bytes));
    }
    HashStream128 stream = XXH3.hashStream();
    byte[] chunk = new byte[CHUNK];
    for (int done = 0; done < length; done += CHUNK) {
      int n = Math.min(CHUNK, length - done);
      b.get(position + done, chunk, 0, n);
      stream.putBytes(chunk, 0, n);
    }
    return digest(ByteBuffer.class, length, stream.get());
  }

  /**
   * hash4j's stream takes every primitive array type as its little-endian bytes directly, so no
   * array is copied; a {@code byte[]} goes through the one-shot call.
   */
  private static Object primitiveArrayKey(Object array, Class<?> component) {
    if (component == byte.class) {
      byte[] a = (byte[]) array;
      return digest(byte.class, a.length, XXH3.hashBytesTo128Bits(a));
    }
    HashStream128 stream = XXH3.hashStream();
    if (component == float.class) {
      stream.putFloats((float[]) array);
    } else if (component == int.class) {
      stream.putInts((int[]) array);
    } else if (component == long.class) {
      stream.putLongs((long[]) array);
    } else if (component == double.class) {
      stream.putDoubles((double[]) array);
    } else if (component == short.class) {
      stream.putShorts((short[]) array);
    } else if (component == char.class) {
      stream.putChars((char[]) array);
    } else {
      stream.putBooleans((boolean[]) array);
    }
    return digest(component, Array.getLength(array), stream.get());
  }

  private static Digest digest(Class<?> type, int length, HashValue128 h) {
    return new Digest(type, length, h.getMostSignificantBits(), h.getLeastSignificantBits());
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

    /** The element type of the array, or {@code ByteBuffer.class} for a buffer. */
    Class<?> type() {
      return type;
    }

    int length() {
      return length;
    }

    long h1() {
      return h1;
    }

    long h2() {
      return h2;
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
  record ObjectArray(Class<?> component, Tuple elements) {}

  /** Several normalized arguments. */
  static final class Tuple {
    private final Object[] parts;
    private final int hash;

    Tuple(Object[] parts) {
      this.parts = parts;
      this.hash = Arrays.hashCode(parts);
    }

    Object[] parts() {
      return parts;
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

  /**
   * The engine's own key of a call (woven methods, {@code Decorators}), from its
   * {@link #argsKey}.
   */
  static CacheKey key(Object receiver, Object argsKey) {
    return new ArgumentsKey(receiver, argsKey);
  }

  /** A key over the normalized arguments ({@link #argsKey}). */
  private static final class ArgumentsKey extends CacheKey {
    private final Object args;

    ArgumentsKey(Object receiver, Object args) {
      super(receiver);
      this.args = args;
    }

    @Override
    public int hashCode() {
      return 31 * receiverHash() + args.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ArgumentsKey k && sameReceiver(k) && args.equals(k.args);
    }

    @Override
    protected Object[] parts() {
      return CacheKeys.parts(args);
    }

    @Override
    public String toString() {
      return "Key" + args;
    }
  }
}
