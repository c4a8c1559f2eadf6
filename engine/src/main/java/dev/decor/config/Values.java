package dev.decor.config;

import dev.decor.internal.Durations;
import dev.decor.internal.Messages;
import dev.decor.kernel.UserClasses;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Configuration values in, annotation values out: a string (or a typed value from the builder)
 * becomes the boxed value the annotation method of the attribute would return — the type read
 * from that method, so a new attribute of a new type needs no code here unless the type itself
 * is new. Values are strings as configuration writes them: numbers, {@code true}/{@code false},
 * durations as decor writes them ({@code "250ms"}), binary class names, lists comma-separated.
 */
final class Values {
  private Values() {}

  /**
   * {@code value} — a {@code String} to parse, or a value of the attribute's type (an
   * {@code Integer} for an {@code int}, a {@link Duration} for a duration string, a
   * {@code Class}, an array or collection for a list) — as the annotation's boxed value.
   *
   * @param member the annotation method of the attribute
   * @param attribute how messages name it: {@code @Retry(maxAttempts)}
   * @throws IllegalArgumentException with a {@code [decor/OverrideValue]} text
   */
  static Object of(Object value, Method member, String attribute, ClassLoader loader) {
    Class<?> type = member.getReturnType();
    Type generic = member.getGenericReturnType();
    if (type.isArray()) {
      Class<?> element = type.getComponentType();
      Type elementGeneric = generic instanceof GenericArrayType g
          ? g.getGenericComponentType() : element;
      List<Object> items = new ArrayList<>();
      if (value instanceof String text) {
        for (String part : text.split(",", -1)) {
          if (!part.isBlank() || text.contains(",")) {
            items.add(part.trim());
          }
        }
      } else if (value != null && value.getClass().isArray()) {
        for (int i = 0; i < Array.getLength(value); i++) {
          items.add(Array.get(value, i));
        }
      } else if (value instanceof Collection<?> c) {
        items.addAll(c);
      } else {
        items.add(value);
      }
      Object array = Array.newInstance(element, items.size());
      for (int i = 0; i < items.size(); i++) {
        Array.set(array, i, single(items.get(i), element, elementGeneric, attribute, loader,
            value));
      }
      return array;
    }
    return single(value, type, generic, attribute, loader, value);
  }

  /** {@link #of} for a boolean no annotation method declares ({@code enabled}). */
  static Boolean flag(Object value, String attribute) {
    return (Boolean) single(value, boolean.class, boolean.class, attribute, null, value);
  }

  private static Object single(Object value, Class<?> type, Type generic, String attribute,
      ClassLoader loader, Object whole) {
    if (value == null) {
      throw bad(whole, attribute, expected(type, generic));
    }
    if (value instanceof String text) {
      return parse(text, type, generic, attribute, loader, whole);
    }
    Class<?> boxed = UserClasses.boxed(type);
    if (boxed == Integer.class && (value instanceof Integer || value instanceof Short
        || value instanceof Byte
        || value instanceof Long l && l == (int) (long) l)) {
      return ((Number) value).intValue();
    }
    if (boxed == Long.class && (value instanceof Long || value instanceof Integer
        || value instanceof Short || value instanceof Byte)) {
      return ((Number) value).longValue();
    }
    if (boxed == Double.class && value instanceof Number n) {
      return n.doubleValue();
    }
    if (boxed == Float.class && value instanceof Number n) {
      return n.floatValue();
    }
    if (type == String.class && value instanceof Duration d) {
      return Durations.text(d);
    }
    if (type == Class.class && value instanceof Class<?> c) {
      return checkBound(c, generic, attribute, whole);
    }
    if (boxed.isInstance(value)) {
      return value;
    }
    throw bad(whole, attribute, expected(type, generic));
  }

  private static Object parse(String text, Class<?> type, Type generic, String attribute,
      ClassLoader loader, Object whole) {
    String t = text.trim();
    try {
      if (type == int.class) {
        return Integer.parseInt(t);
      }
      if (type == long.class) {
        return Long.parseLong(t);
      }
      if (type == double.class) {
        return Double.parseDouble(t);
      }
      if (type == float.class) {
        return Float.parseFloat(t);
      }
    } catch (NumberFormatException e) {
      throw bad(whole, attribute, expected(type, generic));
    }
    if (type == boolean.class) {
      if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(t);
      }
      throw bad(whole, attribute, expected(type, generic));
    }
    if (type == String.class) {
      return text;
    }
    if (type == Class.class) {
      Class<?> c;
      try {
        c = Class.forName(t, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(Messages.overrideValue(String.valueOf(whole),
            attribute, "the binary name of a class decor can load, and there is no class '" + t
                + "'"));
      }
      return checkBound(c, generic, attribute, whole);
    }
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equalsIgnoreCase(t.replace('-', '_'))) {
          return constant;
        }
      }
      throw bad(whole, attribute, expected(type, generic));
    }
    throw new IllegalArgumentException(Messages.overrideValue(String.valueOf(whole), attribute,
        "a value of type " + type.getSimpleName() + ", which configuration cannot write"));
  }

  /** {@code c}, if it is a subtype of the bound of {@code Class<? extends Bound>}. */
  private static Class<?> checkBound(Class<?> c, Type generic, String attribute, Object whole) {
    Class<?> bound = bound(generic);
    if (!bound.isAssignableFrom(c)) {
      throw new IllegalArgumentException(Messages.overrideValue(String.valueOf(whole), attribute,
          "a " + bound.getSimpleName() + " class, and " + c.getName() + " is not one"));
    }
    return c;
  }

  /** {@code X} of {@code Class<? extends X>}; {@code Object} when unbounded. */
  private static Class<?> bound(Type generic) {
    if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
      Type arg = p.getActualTypeArguments()[0];
      if (arg instanceof WildcardType w && w.getUpperBounds().length > 0) {
        arg = w.getUpperBounds()[0];
      }
      if (arg instanceof ParameterizedType raw) {
        arg = raw.getRawType();
      }
      if (arg instanceof Class<?> c) {
        return c;
      }
    }
    return Object.class;
  }

  private static IllegalArgumentException bad(Object value, String attribute, String expected) {
    return new IllegalArgumentException(
        Messages.overrideValue(String.valueOf(value), attribute, expected));
  }

  private static String expected(Class<?> type, Type generic) {
    if (type == int.class || type == long.class) {
      return "a whole number";
    }
    if (type == double.class || type == float.class) {
      return "a number";
    }
    if (type == boolean.class) {
      return "true or false";
    }
    if (type == Class.class) {
      return "the binary name of a " + bound(generic).getSimpleName() + " class";
    }
    if (type.isEnum()) {
      StringJoiner names = new StringJoiner(", ");
      for (Object constant : type.getEnumConstants()) {
        names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
      }
      return "one of " + names;
    }
    return "a " + type.getSimpleName();
  }

  /** An annotation value as configuration writes it (lists comma-separated, classes by name). */
  static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value.getClass().isArray()) {
      StringJoiner joined = new StringJoiner(",");
      for (int i = 0; i < Array.getLength(value); i++) {
        joined.add(format(Array.get(value, i)));
      }
      return joined.toString();
    }
    if (value instanceof Class<?> c) {
      return c.getName();
    }
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    return String.valueOf(value);
  }
}
