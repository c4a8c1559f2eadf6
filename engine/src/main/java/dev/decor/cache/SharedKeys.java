package dev.decor.cache;

import dev.decor.kernel.MethodKey;
import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hasher128;
import com.dynatrace.hash4j.hashing.Hashing;
import dev.decor.CacheNamespace;
import dev.decor.internal.KeyType;
import dev.decor.internal.Messages;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Shared-tier keys: bytes that mean the same in every JVM, in a fixed, versioned encoding (docs/caching.md,
 * "Key encoding"), and the short string a {@link dev.decor.cache.SharedTier} stores them under.
 *
 * <p>Version 1, all integers big-endian, strings as a 4-byte length and UTF-8:
 * {@code 'd' 'k' 0x01}, the cache name, the method's signature ({@code Class#method(ParamType,…)}
 * with binary names) and its value codec's schema, the receiver's namespace ({@code 0x00} for a
 * static method, else {@code 0x01} and the string), the argument count, then each argument
 * tagged: {@code 'N'} null; {@code 'Z' 'B' 'S' 'C' 'I' 'J'} a boolean, byte, short, char, int or
 * long; {@code 'F' 'D'} a float or double by its canonical bits (so keys are equal exactly when
 * {@code equals} is); {@code 'T'} a string; {@code 'E'} an enum's class and constant name;
 * {@code 'R'} a record's class, component count and components; {@code '['} a primitive array's
 * element type letter, length and 128-bit XXH3 digest (the in-process key's digest);
 * {@code 'A'} an object array's element class, length and elements; {@code 'b'} a
 * {@link ByteBuffer}'s remaining length and digest.
 *
 * <p>The store key is the 128-bit XXH3 digest of those bytes, base64url (22 characters); values
 * carry the full key bytes, so a digest collision reads as a miss, never as another key's value.
 */
final class SharedKeys {
  static final int VERSION = 1;
  /**
   * The primitive wrapper classes (what {@code MethodType.unwrap} unwraps), each with its
   * primitive's descriptor letter ({@code 'I'} for {@code Integer}): the tag its keys carry, as a
   * primitive array's carries its element's.
   */
  static final Map<Class<?>, Character> BOXES = boxLetters();

  private static Map<Class<?>, Character> boxLetters() {
    Map<Class<?>, Character> letters = new HashMap<>();
    for (Class<?> p : List.of(boolean.class, byte.class, short.class, char.class, int.class,
        long.class, float.class, double.class)) {
      letters.put(MethodType.methodType(p).wrap().returnType(), p.descriptorString().charAt(0));
    }
    return Map.copyOf(letters);
  }

  private static final ClassValue<MethodHandle[]> RECORD_ACCESSORS = new ClassValue<>() {
    @Override
    protected MethodHandle[] computeValue(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      MethodHandle[] handles = new MethodHandle[components.length];
      try {
        for (int i = 0; i < components.length; i++) {
          Method accessor = components[i].getAccessor();
          accessor.setAccessible(true);
          handles[i] = MethodHandles.lookup().unreflect(accessor);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
      return handles;
    }
  };

  private SharedKeys() {}

  /**
   * A record class's component accessors, in order, resolved once per class (keys and value
   * codecs both read records through them); null when they are not accessible.
   */
  static MethodHandle[] recordAccessors(Class<?> recordType) {
    return RECORD_ACCESSORS.get(recordType);
  }

  /**
   * An argument whose runtime value has no stable encoding (only possible without the static
   * check), or a receiver without a namespace; the message names the type.
   */
  static final class Unencodable extends Exception {
    /** The receiver gave no namespace (rather than an argument having no encoding). */
    final boolean namespace;

    Unencodable(String type) {
      this(type, false);
    }

    Unencodable(String type, boolean namespace) {
      super(type, null, false, false);
      this.namespace = namespace;
    }
  }

  /** The constant start of every key of one cache: version, cache name, signature and schema. */
  static byte[] prefix(String cacheName, String signature, String valueSchema) {
    Out out = new Out();
    out.bytes.write('d');
    out.bytes.write('k');
    out.bytes.write(VERSION);
    out.string(cacheName);
    out.string(signature);
    out.string(valueSchema);
    return out.bytes.toByteArray();
  }

  /** {@code com.x.Owner#predict([B,int)}: a method as every JVM names it (binary names). */
  static String signature(MethodKey key) {
    return key.className() + "#" + key.methodName() + "("
        + String.join(",", key.parameterTypeNames()) + ")";
  }

  /**
   * The key bytes of a call: {@code prefix}, the receiver's namespace (none for {@code null}) and
   * the arguments, read from their in-process key's parts ({@link CacheKey#parts}), whose digests
   * of arrays and buffers are reused.
   *
   * @throws Unencodable if an argument (or the namespace) has no stable encoding
   */
  static byte[] encode(byte[] prefix, Object receiver, Object[] parts) throws Unencodable {
    Out out = new Out();
    out.bytes.write(prefix, 0, prefix.length);
    if (receiver == null) {
      out.bytes.write(0);
    } else {
      String namespace = receiver instanceof CacheNamespace ns ? ns.cacheNamespace() : null;
      if (namespace == null || namespace.isEmpty()) {
        throw new Unencodable(receiver.getClass().getSimpleName(), true);
      }
      out.bytes.write(1);
      out.string(namespace);
    }
    out.i32(parts.length);
    for (Object part : parts) {
      out.part(part);
    }
    return out.bytes.toByteArray();
  }

  /** The string a tier stores {@code keyBytes} under: their 128-bit digest, base64url. */
  static String storeKey(byte[] keyBytes) {
    HashValue128 h = XXH3.hashBytesTo128Bits(keyBytes);
    ByteBuffer b = ByteBuffer.allocate(16).putLong(h.getMostSignificantBits())
        .putLong(h.getLeastSignificantBits());
    return STORE_KEY.encodeToString(b.array());
  }

  private static final Hasher128 XXH3 = Hashing.xxh3_128();
  private static final Base64.Encoder STORE_KEY = Base64.getUrlEncoder().withoutPadding();

  private static final class Out {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    final DataOutputStream data = new DataOutputStream(bytes);

    void i32(int v) {
      try {
        data.writeInt(v);
      } catch (IOException e) {
        throw new AssertionError(e); // a ByteArrayOutputStream does not fail
      }
    }

    void i64(long v) {
      try {
        data.writeLong(v);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    void string(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      i32(utf8.length);
      bytes.write(utf8, 0, utf8.length);
    }

    void tag(char c) {
      bytes.write(c);
    }

    void value(Object v) throws Unencodable {
      if (v == null) {
        tag('N');
      } else if (v instanceof String s) {
        tag('T');
        string(s);
      } else if (BOXES.containsKey(v.getClass())) {
        boxed(v);
      } else if (v instanceof Enum<?> e) {
        tag('E');
        string(e.getDeclaringClass().getName());
        string(e.name());
      } else if (v instanceof Record r) {
        record(r);
      } else if (v.getClass().isArray() || v instanceof ByteBuffer) {
        try {
          part(CacheKeys.normalize(v)); // inside a record: digested here, as an argument would be
        } catch (CacheKeys.CyclicArgument e) {
          throw new Unencodable(v.getClass().getName());
        }
      } else {
        throw new Unencodable(v.getClass().getName());
      }
    }

    /**
     * A boxed primitive: its primitive's letter, then booleans and bytes as one byte, the other
     * integral types as 4 bytes ({@code long} 8), floats and doubles by their canonical bits.
     */
    private void boxed(Object v) {
      char primitive = BOXES.get(v.getClass());
      tag(primitive);
      switch (primitive) {
        case 'Z' -> bytes.write((Boolean) v ? 1 : 0);
        case 'B' -> bytes.write((Byte) v);
        case 'C' -> i32((Character) v);
        case 'J' -> i64((Long) v);
        case 'F' -> i32(Float.floatToIntBits((Float) v));
        case 'D' -> i64(Double.doubleToLongBits((Double) v));
        default -> i32(((Number) v).intValue()); // 'S', 'I'
      }
    }

    /** A normalized argument: digests and object arrays as the in-process key holds them. */
    void part(Object p) throws Unencodable {
      if (CacheKeys.isNull(p)) {
        tag('N');
      } else if (p instanceof CacheKeys.Digest d) {
        if (d.type() == ByteBuffer.class) {
          tag('b');
        } else {
          tag('[');
          tag(d.type().descriptorString().charAt(0));
        }
        digest(d);
      } else if (p instanceof CacheKeys.ObjectArray a) {
        Object[] elements = a.elements().parts();
        tag('A');
        string(a.component().getName());
        i32(elements.length);
        for (Object e : elements) {
          part(e);
        }
      } else {
        value(p);
      }
    }

    private void record(Record r) throws Unencodable {
      MethodHandle[] accessors = recordAccessors(r.getClass());
      if (accessors == null) {
        throw new Unencodable(r.getClass().getName());
      }
      tag('R');
      string(r.getClass().getName());
      i32(accessors.length);
      for (MethodHandle accessor : accessors) {
        Object part;
        try {
          part = accessor.invoke(r);
        } catch (Throwable t) {
          throw new Unencodable(r.getClass().getName());
        }
        value(part);
      }
    }

    private void digest(CacheKeys.Digest d) {
      i32(d.length());
      i64(d.h1());
      i64(d.h2());
    }
  }

  // ---- the static rule, over reflection ----

  /**
   * The {@code [decor/SharedKey]} or {@code [decor/SharedNamespace]} text for a method that cannot
   * have stable shared keys, or null. The processor applies the same rule at compile time.
   */
  static String check(MethodKey key, String signature) {
    Method method = key.method();
    if (method == null) {
      return null; // a Decorators function: its arguments are checked per call
    }
    Type[] params = method.getGenericParameterTypes();
    for (int i = 0; i < params.length; i++) {
      String[] bad = KeyType.unstable(key.parameterName(i), view(params[i]));
      if (bad != null) {
        return Messages.sharedKey(signature, bad[0], bad[1]);
      }
    }
    if (!Modifier.isStatic(method.getModifiers())
        && !CacheNamespace.class.isAssignableFrom(method.getDeclaringClass())) {
      return Messages.sharedNamespace(signature, method.getDeclaringClass().getSimpleName());
    }
    return null;
  }

  private static final Pattern QUALIFIERS = Pattern.compile("\\b\\w+[.$]");

  /**
   * A type as the processor's shared-key messages show it: simple names (a nested class without
   * its outer one) with type arguments, {@code List<String>}. ({@code BatchMethods} keeps outer
   * class names, as the processor's {@code @Batched} messages do.)
   */
  static String displayName(Type type) {
    return QUALIFIERS.matcher(type.getTypeName()).replaceAll("");
  }

  /** The runtime view of a parameter type for {@link KeyType#unstable}. */
  static KeyType view(Type type) {
    return new View(type);
  }

  /**
   * {@code component} with {@code raw}'s type variables replaced by the arguments {@code used}
   * gives them ({@code Box<String>}: {@code T value} is a {@code String}), as the processor sees
   * a record component through the parameter's declared type.
   */
  private static Type resolve(Type component, Class<?> raw, Type used) {
    if (component instanceof java.lang.reflect.TypeVariable<?> v
        && used instanceof ParameterizedType p) {
      java.lang.reflect.TypeVariable<?>[] params = raw.getTypeParameters();
      for (int i = 0; i < params.length; i++) {
        if (params[i].getName().equals(v.getName())) {
          return p.getActualTypeArguments()[i];
        }
      }
    }
    return component;
  }

  /**
   * A type as {@link KeyType#unstable} reads it. Parts are worked out when asked, as the
   * processor's mirror view does, so that a record containing itself stays finite.
   */
  private static final class View implements KeyType {
    private final Type type;
    private final Class<?> raw;
    private final Kind kind;

    View(Type type) {
      this.type = type;
      this.raw = type instanceof Class<?> c ? c
          : type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
      this.kind = kindOf(type, raw);
    }

    private static Kind kindOf(Type type, Class<?> raw) {
      if (type instanceof GenericArrayType) {
        return Kind.ARRAY;
      } else if (raw == null) {
        return Kind.OTHER; // a type variable or wildcard
      } else if (raw.isPrimitive()) {
        return Kind.PRIMITIVE;
      } else if (BOXES.containsKey(raw)) {
        return Kind.BOXED;
      } else if (raw == String.class) {
        return Kind.STRING;
      } else if (raw.isEnum()) {
        return Kind.ENUM;
      } else if (raw == ByteBuffer.class) {
        return Kind.BYTE_BUFFER;
      } else if (raw.isArray()) {
        return Kind.ARRAY;
      }
      return raw.isRecord() ? Kind.RECORD : Kind.OTHER;
    }

    @Override
    public Kind kind() {
      return kind;
    }

    @Override
    public String displayName() {
      return SharedKeys.displayName(type);
    }

    @Override
    public String name() {
      return type.getTypeName();
    }

    @Override
    public List<KeyType> parts() {
      if (kind == Kind.ARRAY) {
        return List.of(view(type instanceof GenericArrayType g
            ? g.getGenericComponentType() : raw.getComponentType()));
      }
      if (kind != Kind.RECORD) {
        return List.of();
      }
      List<KeyType> parts = new ArrayList<>();
      for (RecordComponent c : raw.getRecordComponents()) {
        parts.add(view(resolve(c.getGenericType(), raw, type)));
      }
      return parts;
    }

    @Override
    public List<String> partNames() {
      if (kind != Kind.RECORD) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (RecordComponent c : raw.getRecordComponents()) {
        names.add(c.getName());
      }
      return names;
    }
  }
}
