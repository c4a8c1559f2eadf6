package dev.decor.internal;

/**
 * A class named in an annotation value ({@code @Retry(retryOn = …)}), as both the processor (a
 * type mirror, the class possibly not loadable) and the runtime (a {@link Class}) can see it, so
 * a rule on such a class is written once.
 */
public interface TypeRef {
  /** The binary name, as {@link Class#getName()} gives it. */
  String name();

  /** Whether this type is {@code type} or a subtype of it. */
  boolean isSubtypeOf(Class<?> type);

  /** The runtime view of {@code c}. */
  static TypeRef of(Class<?> c) {
    return new TypeRef() {
      @Override
      public String name() {
        return c.getName();
      }

      @Override
      public boolean isSubtypeOf(Class<?> type) {
        return type.isAssignableFrom(c);
      }
    };
  }
}
