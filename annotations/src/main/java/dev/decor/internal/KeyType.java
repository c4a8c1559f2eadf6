package dev.decor.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parameter type as the shared-key rule sees it, from the processor (a type mirror) or the
 * runtime (a reflected type), so the rule of which arguments a shared {@code @Cached} key can
 * encode is written once: {@link #unstable}.
 */
public interface KeyType {
  /** What a type is, for encoding. */
  enum Kind {
    /** {@code int}, {@code double}, …; encoded by value. */
    PRIMITIVE,
    /** {@code Integer}, {@code Double}, …; encoded by value. */
    BOXED,
    STRING,
    /** Encoded by the constant's name. */
    ENUM,
    /** Encoded component by component. */
    RECORD,
    /** Primitive arrays by a digest, others element by element. */
    ARRAY,
    /** By a digest of its remaining bytes. */
    BYTE_BUFFER,
    /** Anything else: an interface, {@code Object}, a class with identity, a type variable. */
    OTHER
  }

  Kind kind();

  /** The type as messages show it, e.g. {@code Map<String, Integer>}. */
  String displayName();

  /** Identifies the type, to stop on recursive records. */
  String name();

  /** A record's component types in order, or an array's element type; empty otherwise. */
  List<KeyType> parts();

  /** A record's component names, for paths in messages; empty otherwise. */
  List<String> partNames();

  /**
   * The first part of {@code type} that a shared key cannot encode, as a path below
   * {@code root} (e.g. {@code "request.image"}) with its type, or null when every part can be.
   *
   * @return {@code {path, displayName}} or null
   */
  static String[] unstable(String root, KeyType type) {
    return unstable(root, type, new HashSet<>());
  }

  private static String[] unstable(String path, KeyType type, Set<String> open) {
    switch (type.kind()) {
      case PRIMITIVE, BOXED, STRING, ENUM, BYTE_BUFFER:
        return null;
      case ARRAY:
        return unstable(path + "[]", type.parts().get(0), open);
      case RECORD:
        if (!open.add(type.name())) {
          return null; // a record that contains itself: its values are finite all the same
        }
        List<KeyType> parts = type.parts();
        List<String> names = type.partNames();
        for (int i = 0; i < parts.size(); i++) {
          String[] found = unstable(path + "." + names.get(i), parts.get(i), open);
          if (found != null) {
            return found;
          }
        }
        open.remove(type.name());
        return null;
      default:
        return new String[] {path, type.displayName()};
    }
  }
}
