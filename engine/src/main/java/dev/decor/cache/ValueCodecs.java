package dev.decor.cache;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value codecs of shared {@code @Cached} results, chosen once per method from its declared
 * return type: primitives and boxes, strings, enums (by constant name), arrays, {@code List}s and
 * {@code Map}s of those, records of all of them, and the user's {@link ValueCodec}s by exact class.
 * The bytes name no class: what to build is read from the declared type, so nothing in a shared
 * store can make this JVM instantiate a class of its choice.
 *
 * <p>Every reference value is preceded by a presence byte ({@code 0} null, {@code 1} a value).
 * A codec's {@link Codec#schema()} describes its layout (record component names and types
 * included) and is part of every key, so a replica whose record gained a field never reads an
 * older replica's bytes as its own.
 */
final class ValueCodecs {
  private ValueCodecs() {}

  /** Reads and writes one type's values. */
  interface Codec {
    void write(DataOutput out, Object value) throws IOException;

    Object read(DataInput in) throws IOException;

    String schema();
  }

  /**
   * The codec of {@code type}, or null when there is none: user codecs first (by exact class),
   * then the defaults.
   */
  static Codec forType(Type type, Map<Class<?>, ValueCodec<?>> custom) {
    return forType(type, custom, new ArrayList<>());
  }

  private static Codec forType(Type type, Map<Class<?>, ValueCodec<?>> custom, List<Type> open) {
    if (type instanceof Class<?> c && c.isPrimitive()) {
      return primitive(c);
    }
    Codec value = referenceCodec(type, custom, open);
    return value == null ? null : nullable(value);
  }

  private static Codec referenceCodec(Type type, Map<Class<?>, ValueCodec<?>> custom,
      List<Type> open) {
    if (open.contains(type)) {
      return null; // a recursive record: keep it in-process rather than recurse without end
    }
    if (type instanceof GenericArrayType g) {
      return objectArray(g.getGenericComponentType(), custom, open);
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class) {
        Codec element = forType(args[0], custom, open);
        return element == null ? null : list(element);
      }
      if (raw == Map.class) {
        Codec k = forType(args[0], custom, open);
        Codec v = forType(args[1], custom, open);
        return k == null || v == null ? null : map(k, v);
      }
      return raw.isRecord() && raw.getTypeParameters().length == 0
          ? referenceCodec(raw, custom, open) : null;
    }
    if (!(type instanceof Class<?> c)) {
      return null; // a type variable or wildcard
    }
    ValueCodec<?> user = custom.get(c);
    if (user != null) {
      return user(c, user);
    }
    if (c == String.class) {
      return STRING;
    }
    if (SharedKeys.BOXES.contains(c)) {
      return primitive(MethodType.methodType(c).unwrap().returnType());
    }
    if (c.isEnum()) {
      return enumCodec(c);
    }
    if (c.isArray()) {
      Class<?> component = c.getComponentType();
      return component.isPrimitive() ? primitiveArray(component)
          : objectArray(component, custom, open);
    }
    if (c.isRecord()) {
      open.add(type);
      try {
        return record(c, custom, open);
      } finally {
        open.remove(type);
      }
    }
    return null;
  }

  private static Codec nullable(Codec codec) {
    return new Codec() {
      @Override
      public void write(DataOutput out, Object value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
          codec.write(out, value);
        }
      }

      @Override
      public Object read(DataInput in) throws IOException {
        return in.readBoolean() ? codec.read(in) : null;
      }

      @Override
      public String schema() {
        return codec.schema();
      }
    };
  }

  private static final Codec STRING = new Codec() {
    @Override
    public void write(DataOutput out, Object value) throws IOException {
      byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }

    @Override
    public Object read(DataInput in) throws IOException {
      byte[] utf8 = new byte[length(in)];
      in.readFully(utf8);
      return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String schema() {
      return "String";
    }
  };

  /** A length from the stream, refused when negative (corrupt bytes). */
  private static int length(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative length " + n);
    }
    return n;
  }

  private static Codec primitive(Class<?> type) {
    return new Codec() {
      @Override
      public void write(DataOutput out, Object v) throws IOException {
        if (type == int.class) {
          out.writeInt((Integer) v);
        } else if (type == long.class) {
          out.writeLong((Long) v);
        } else if (type == float.class) {
          out.writeFloat((Float) v);
        } else if (type == double.class) {
          out.writeDouble((Double) v);
        } else if (type == boolean.class) {
          out.writeBoolean((Boolean) v);
        } else if (type == byte.class) {
          out.writeByte((Byte) v);
        } else if (type == short.class) {
          out.writeShort((Short) v);
        } else {
          out.writeChar((Character) v);
        }
      }

      @Override
      public Object read(DataInput in) throws IOException {
        if (type == int.class) {
          return in.readInt();
        } else if (type == long.class) {
          return in.readLong();
        } else if (type == float.class) {
          return in.readFloat();
        } else if (type == double.class) {
          return in.readDouble();
        } else if (type == boolean.class) {
          return in.readBoolean();
        } else if (type == byte.class) {
          return in.readByte();
        } else if (type == short.class) {
          return in.readShort();
        }
        return in.readChar();
      }

      @Override
      public String schema() {
        return type.getName();
      }
    };
  }

  /** Primitive arrays as a length and their big-endian elements, in bulk. */
  private static Codec primitiveArray(Class<?> component) {
    int width = component == boolean.class || component == byte.class ? 1
        : component == short.class || component == char.class ? 2
        : component == int.class || component == float.class ? 4 : 8;
    return new Codec() {
      @Override
      public void write(DataOutput out, Object value) throws IOException {
        int n = Array.getLength(value);
        out.writeInt(n);
        ByteBuffer b = ByteBuffer.allocate(n * width).order(ByteOrder.BIG_ENDIAN);
        if (value instanceof byte[] a) {
          b.put(a);
        } else if (value instanceof float[] a) {
          b.asFloatBuffer().put(a);
        } else if (value instanceof int[] a) {
          b.asIntBuffer().put(a);
        } else if (value instanceof long[] a) {
          b.asLongBuffer().put(a);
        } else if (value instanceof double[] a) {
          b.asDoubleBuffer().put(a);
        } else if (value instanceof short[] a) {
          b.asShortBuffer().put(a);
        } else if (value instanceof char[] a) {
          b.asCharBuffer().put(a);
        } else {
          for (boolean z : (boolean[]) value) {
            b.put((byte) (z ? 1 : 0));
          }
        }
        out.write(b.array());
      }

      @Override
      public Object read(DataInput in) throws IOException {
        int n = length(in);
        byte[] bytes = new byte[Math.multiplyExact(n, width)];
        in.readFully(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Object array = Array.newInstance(component, n);
        if (array instanceof byte[] a) {
          b.get(a);
        } else if (array instanceof float[] a) {
          b.asFloatBuffer().get(a);
        } else if (array instanceof int[] a) {
          b.asIntBuffer().get(a);
        } else if (array instanceof long[] a) {
          b.asLongBuffer().get(a);
        } else if (array instanceof double[] a) {
          b.asDoubleBuffer().get(a);
        } else if (array instanceof short[] a) {
          b.asShortBuffer().get(a);
        } else if (array instanceof char[] a) {
          b.asCharBuffer().get(a);
        } else {
          boolean[] a = (boolean[]) array;
          for (int i = 0; i < n; i++) {
            a[i] = bytes[i] != 0;
          }
        }
        return array;
      }

      @Override
      public String schema() {
        return component.getName() + "[]";
      }
    };
  }

  private static Codec objectArray(Type componentType, Map<Class<?>, ValueCodec<?>> custom,
      List<Type> open) {
    Codec element = forType(componentType, custom, open);
    Class<?> component = erasure(componentType);
    if (element == null || component == null) {
      return null;
    }
    return new Codec() {
      @Override
      public void write(DataOutput out, Object value) throws IOException {
        Object[] a = (Object[]) value;
        out.writeInt(a.length);
        for (Object e : a) {
          element.write(out, e);
        }
      }

      @Override
      public Object read(DataInput in) throws IOException {
        int n = length(in);
        Object[] a = (Object[]) Array.newInstance(component, n);
        for (int i = 0; i < n; i++) {
          a[i] = element.read(in);
        }
        return a;
      }

      @Override
      public String schema() {
        return element.schema() + "[]";
      }
    };
  }

  private static Class<?> erasure(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof GenericArrayType g) {
      Class<?> component = erasure(g.getGenericComponentType());
      return component == null ? null : component.arrayType();
    }
    return null;
  }

  /** A list read back is unmodifiable (it may hold nulls, unlike {@code List.copyOf}). */
  private static Codec list(Codec element) {
    return new Codec() {
      @Override
      public void write(DataOutput out, Object value) throws IOException {
        List<?> list = (List<?>) value;
        out.writeInt(list.size());
        for (Object e : list) {
          element.write(out, e);
        }
      }

      @Override
      public Object read(DataInput in) throws IOException {
        int n = length(in);
        List<Object> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          list.add(element.read(in));
        }
        return Collections.unmodifiableList(list);
      }

      @Override
      public String schema() {
        return "List<" + element.schema() + ">";
      }
    };
  }

  /** A map read back is unmodifiable and keeps the written order. */
  private static Codec map(Codec key, Codec value) {
    return new Codec() {
      @Override
      public void write(DataOutput out, Object v) throws IOException {
        Map<?, ?> map = (Map<?, ?>) v;
        out.writeInt(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          key.write(out, e.getKey());
          value.write(out, e.getValue());
        }
      }

      @Override
      public Object read(DataInput in) throws IOException {
        int n = length(in);
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          map.put(key.read(in), value.read(in));
        }
        return Collections.unmodifiableMap(map);
      }

      @Override
      public String schema() {
        return "Map<" + key.schema() + "," + value.schema() + ">";
      }
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Codec enumCodec(Class<?> type) {
    Class<? extends Enum> e = (Class<? extends Enum>) type;
    return new Codec() {
      @Override
      public void write(DataOutput out, Object value) throws IOException {
        STRING.write(out, ((Enum<?>) value).name());
      }

      @Override
      public Object read(DataInput in) throws IOException {
        String name = (String) STRING.read(in);
        try {
          return Enum.valueOf(e, name);
        } catch (IllegalArgumentException unknown) {
          throw new IOException("no constant " + name + " in " + type.getName());
        }
      }

      @Override
      public String schema() {
        return "enum " + type.getName();
      }
    };
  }

  /** A record, component by component, rebuilt through its canonical constructor. */
  private static Codec record(Class<?> type, Map<Class<?>, ValueCodec<?>> custom,
      List<Type> open) {
    RecordComponent[] components = type.getRecordComponents();
    MethodHandle[] accessors = SharedKeys.recordAccessors(type);
    if (accessors == null) {
      return null; // not accessible (a module that does not open it): keep it in-process
    }
    Codec[] codecs = new Codec[components.length];
    Class<?>[] types = new Class<?>[components.length];
    StringBuilder schema = new StringBuilder("record ").append(type.getName()).append('(');
    MethodHandle constructor;
    try {
      for (int i = 0; i < components.length; i++) {
        codecs[i] = forType(components[i].getGenericType(), custom, open);
        if (codecs[i] == null) {
          return null;
        }
        types[i] = components[i].getType();
        schema.append(i == 0 ? "" : ",").append(components[i].getName()).append(':')
            .append(codecs[i].schema());
      }
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      constructor = MethodHandles.lookup().unreflectConstructor(canonical)
          .asSpreader(Object[].class, components.length);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not accessible (a module that does not open it): keep it in-process
    }
    String layout = schema.append(')').toString();
    return new Codec() {
      @Override
      public void write(DataOutput out, Object value) throws IOException {
        for (int i = 0; i < codecs.length; i++) {
          Object part;
          try {
            part = accessors[i].invoke(value);
          } catch (Throwable t) {
            throw new IOException("cannot read " + type.getName() + " component " + i, t);
          }
          codecs[i].write(out, part);
        }
      }

      @Override
      public Object read(DataInput in) throws IOException {
        Object[] parts = new Object[codecs.length];
        for (int i = 0; i < codecs.length; i++) {
          parts[i] = codecs[i].read(in);
        }
        try {
          return constructor.invoke(parts);
        } catch (Throwable t) {
          throw new IOException("cannot build " + type.getName() + " from shared bytes", t);
        }
      }

      @Override
      public String schema() {
        return layout;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static Codec user(Class<?> type, ValueCodec<?> codec) {
    ValueCodec<Object> c = (ValueCodec<Object>) codec;
    return new Codec() {
      @Override
      public void write(DataOutput out, Object value) throws IOException {
        c.write(value, out);
      }

      @Override
      public Object read(DataInput in) throws IOException {
        return c.read(in);
      }

      @Override
      public String schema() {
        return "codec " + type.getName() + " by " + codec.getClass().getName();
      }
    };
  }
}
