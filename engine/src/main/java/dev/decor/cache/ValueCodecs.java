package dev.decor.cache;

import dev.decor.kernel.UserClasses;
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

  /** {@link Codec#write}, as a lambda gives it. */
  private interface Writer {
    void write(DataOutput out, Object value) throws IOException;
  }

  /** {@link Codec#read}, as a lambda gives it. */
  private interface Reader {
    Object read(DataInput in) throws IOException;
  }

  /** The codec of these parts: what every codec here is built from. */
  private static Codec codec(String schema, Writer writer, Reader reader) {
    return new Codec() {
      @Override
      public void write(DataOutput out, Object value) throws IOException {
        writer.write(out, value);
      }

      @Override
      public Object read(DataInput in) throws IOException {
        return reader.read(in);
      }

      @Override
      public String schema() {
        return schema;
      }
    };
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
    if (SharedKeys.BOXES.containsKey(c)) {
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
    return codec(codec.schema(), (out, value) -> {
      out.writeBoolean(value != null);
      if (value != null) {
        codec.write(out, value);
      }
    }, in -> in.readBoolean() ? codec.read(in) : null);
  }

  private static final Codec STRING = codec("String", (out, value) -> {
    byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }, in -> {
    byte[] utf8 = new byte[length(in)];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  });

  /** A length from the stream, refused when negative (corrupt bytes). */
  private static int length(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative length " + n);
    }
    return n;
  }

  /**
   * A primitive or its box as {@link DataOutput} writes it; one codec per type, so nothing is
   * chosen per value.
   */
  private static Codec primitive(Class<?> type) {
    String t = type.getName();
    return switch (t) {
      case "int" -> codec(t, (out, v) -> out.writeInt((Integer) v), DataInput::readInt);
      case "long" -> codec(t, (out, v) -> out.writeLong((Long) v), DataInput::readLong);
      case "float" -> codec(t, (out, v) -> out.writeFloat((Float) v), DataInput::readFloat);
      case "double" -> codec(t, (out, v) -> out.writeDouble((Double) v), DataInput::readDouble);
      case "boolean" -> codec(t, (out, v) -> out.writeBoolean((Boolean) v), DataInput::readBoolean);
      case "byte" -> codec(t, (out, v) -> out.writeByte((Byte) v), DataInput::readByte);
      case "short" -> codec(t, (out, v) -> out.writeShort((Short) v), DataInput::readShort);
      default -> codec(t, (out, v) -> out.writeChar((Character) v), DataInput::readChar);
    };
  }

  /** Moves a primitive array's elements into, or out of, a big-endian buffer in bulk. */
  private interface Bulk {
    void move(ByteBuffer buffer, Object array);
  }

  /**
   * Primitive arrays as a length and their big-endian elements, in bulk: each component type's
   * width, and how its elements go into a buffer and come back out, side by side.
   */
  private static Codec primitiveArray(Class<?> component) {
    return switch (component.getName()) {
      case "byte" -> bulk(component, 1, (b, a) -> b.put((byte[]) a), (b, a) -> b.get((byte[]) a));
      case "short" -> bulk(component, 2, (b, a) -> b.asShortBuffer().put((short[]) a),
          (b, a) -> b.asShortBuffer().get((short[]) a));
      case "char" -> bulk(component, 2, (b, a) -> b.asCharBuffer().put((char[]) a),
          (b, a) -> b.asCharBuffer().get((char[]) a));
      case "int" -> bulk(component, 4, (b, a) -> b.asIntBuffer().put((int[]) a),
          (b, a) -> b.asIntBuffer().get((int[]) a));
      case "float" -> bulk(component, 4, (b, a) -> b.asFloatBuffer().put((float[]) a),
          (b, a) -> b.asFloatBuffer().get((float[]) a));
      case "long" -> bulk(component, 8, (b, a) -> b.asLongBuffer().put((long[]) a),
          (b, a) -> b.asLongBuffer().get((long[]) a));
      case "double" -> bulk(component, 8, (b, a) -> b.asDoubleBuffer().put((double[]) a),
          (b, a) -> b.asDoubleBuffer().get((double[]) a));
      default -> bulk(component, 1, (b, a) -> {
        for (boolean z : (boolean[]) a) {
          b.put((byte) (z ? 1 : 0));
        }
      }, (b, a) -> {
        boolean[] z = (boolean[]) a;
        for (int i = 0; i < z.length; i++) {
          z[i] = b.get(i) != 0;
        }
      });
    };
  }

  private static Codec bulk(Class<?> component, int width, Bulk put, Bulk get) {
    return codec(component.getName() + "[]", (out, value) -> {
      int n = Array.getLength(value);
      out.writeInt(n);
      ByteBuffer b = ByteBuffer.allocate(n * width).order(ByteOrder.BIG_ENDIAN);
      put.move(b, value);
      out.write(b.array());
    }, in -> {
      int n = length(in);
      byte[] bytes = new byte[Math.multiplyExact(n, width)];
      in.readFully(bytes);
      Object array = Array.newInstance(component, n);
      get.move(ByteBuffer.wrap(bytes), array);
      return array;
    });
  }

  private static Codec objectArray(Type componentType, Map<Class<?>, ValueCodec<?>> custom,
      List<Type> open) {
    Codec element = forType(componentType, custom, open);
    if (element == null) {
      return null;
    }
    // A codable component is a class, a parameterized type or a generic array, never a type
    // variable or wildcard (no codec for those), so its erasure is exact.
    Class<?> component = UserClasses.erase(componentType);
    return codec(element.schema() + "[]", (out, value) -> {
      Object[] a = (Object[]) value;
      out.writeInt(a.length);
      for (Object e : a) {
        element.write(out, e);
      }
    }, in -> {
      int n = length(in);
      Object[] a = (Object[]) Array.newInstance(component, n);
      for (int i = 0; i < n; i++) {
        a[i] = element.read(in);
      }
      return a;
    });
  }

  /** A list read back is unmodifiable (it may hold nulls, unlike {@code List.copyOf}). */
  private static Codec list(Codec element) {
    return codec("List<" + element.schema() + ">", (out, value) -> {
      List<?> list = (List<?>) value;
      out.writeInt(list.size());
      for (Object e : list) {
        element.write(out, e);
      }
    }, in -> {
      int n = length(in);
      List<Object> list = new ArrayList<>(Math.min(n, 1024));
      for (int i = 0; i < n; i++) {
        list.add(element.read(in));
      }
      return Collections.unmodifiableList(list);
    });
  }

  /** A map read back is unmodifiable and keeps the written order. */
  private static Codec map(Codec key, Codec value) {
    return codec("Map<" + key.schema() + "," + value.schema() + ">", (out, v) -> {
      Map<?, ?> map = (Map<?, ?>) v;
      out.writeInt(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        key.write(out, e.getKey());
        value.write(out, e.getValue());
      }
    }, in -> {
      int n = length(in);
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        map.put(key.read(in), value.read(in));
      }
      return Collections.unmodifiableMap(map);
    });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Codec enumCodec(Class<?> type) {
    Class<? extends Enum> e = (Class<? extends Enum>) type;
    return codec("enum " + type.getName(),
        (out, value) -> STRING.write(out, ((Enum<?>) value).name()), in -> {
          String name = (String) STRING.read(in);
          try {
            return Enum.valueOf(e, name);
          } catch (IllegalArgumentException unknown) {
            throw new IOException("no constant " + name + " in " + type.getName());
          }
        });
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
    return codec(schema.append(')').toString(), (out, value) -> {
      for (int i = 0; i < codecs.length; i++) {
        Object part;
        try {
          part = accessors[i].invoke(value);
        } catch (Throwable t) {
          throw new IOException("cannot read " + type.getName() + " component " + i, t);
        }
        codecs[i].write(out, part);
      }
    }, in -> {
      Object[] parts = new Object[codecs.length];
      for (int i = 0; i < codecs.length; i++) {
        parts[i] = codecs[i].read(in);
      }
      try {
        return constructor.invoke(parts);
      } catch (Throwable t) {
        throw new IOException("cannot build " + type.getName() + " from shared bytes", t);
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static Codec user(Class<?> type, ValueCodec<?> codec) {
    ValueCodec<Object> c = (ValueCodec<Object>) codec;
    return codec("codec " + type.getName() + " by " + codec.getClass().getName(),
        (out, value) -> c.write(value, out), c::read);
  }
}
