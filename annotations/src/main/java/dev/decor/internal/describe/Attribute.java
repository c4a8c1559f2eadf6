package dev.decor.internal.describe;

import dev.decor.internal.TypeRef;

import java.lang.annotation.Annotation;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One attribute of a decor annotation: its name (which is also the name of the spec builder's
 * setter that generated code calls), how to read it from the annotation and write it into the
 * builder, and the value rules the processor reports on the attribute's value (the spec enforces
 * the same functions at run time).
 *
 * <p>Values are boxed annotation values: {@code Integer}, {@code Double}, {@code Boolean},
 * {@code String}, {@code double[]} and {@code String[]} (the processor turns its lists of values into
 * these arrays before checking them), or for class-valued attributes a {@code Class[]} (run time)
 * whose elements the processor sees as {@link TypeRef}s. Immutable and thread-safe.
 *
 * @param <A> the annotation type
 * @param <B> the spec builder type
 */
public final class Attribute<A extends Annotation, B> {
  private final String name;
  private final Function<A, Object> reader;
  private final BiConsumer<B, Object> writer;
  private final Function<Object, String> check;
  private final Function<TypeRef, String> elementCheck;
  private final String disjointFrom;
  private final Function<String, String> disjointMessage;
  private final boolean configurable;

  private Attribute(String name, Function<A, Object> reader, BiConsumer<B, Object> writer,
      Function<Object, String> check, Function<TypeRef, String> elementCheck,
      String disjointFrom, Function<String, String> disjointMessage, boolean configurable) {
    this.name = Objects.requireNonNull(name, "name");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.check = check;
    this.elementCheck = elementCheck;
    this.disjointFrom = disjointFrom;
    this.disjointMessage = disjointMessage;
    this.configurable = configurable;
  }

  /** An attribute with no value rules. */
  static <A extends Annotation, B> Attribute<A, B> of(
      String name, Function<A, Object> reader, BiConsumer<B, Object> writer) {
    return new Attribute<>(name, reader, writer, null, null, null, null, true);
  }

  /** This attribute with a rule on its value: the error message for a bad value, or null. */
  Attribute<A, B> checked(Function<Object, String> rule) {
    return new Attribute<>(
        name, reader, writer, rule, elementCheck, disjointFrom, disjointMessage, configurable);
  }

  /** This class-valued attribute with a rule on each class it lists. */
  Attribute<A, B> checkedEach(Function<TypeRef, String> rule) {
    return new Attribute<>(
        name, reader, writer, check, rule, disjointFrom, disjointMessage, configurable);
  }

  /**
   * This class-valued attribute, which must list no class that {@code other} lists too;
   * {@code message} makes the error from the binary name of a class listed in both.
   */
  Attribute<A, B> disjointFrom(String other, Function<String, String> message) {
    return new Attribute<>(
        name, reader, writer, check, elementCheck, other, message, configurable);
  }

  /**
   * This attribute, naming code that a front end binds when it is compiled (generated) or loaded
   * (woven) — a method to call — so configuration cannot change it ({@link #configurable()}).
   */
  Attribute<A, B> compiledIn() {
    return new Attribute<>(
        name, reader, writer, check, elementCheck, disjointFrom, disjointMessage, false);
  }

  /** The attribute's name: the annotation method and the spec builder's setter. */
  public String name() {
    return name;
  }

  /**
   * Whether configuration may override this attribute (the engine's overrides, by method or
   * group name); false for an attribute naming code the front end binds itself.
   */
  public boolean configurable() {
    return configurable;
  }

  /** The error for {@code value} (a boxed annotation value), or null when it is valid. */
  public String check(Object value) {
    return check == null ? null : check.apply(value);
  }

  /** The error for one class listed in this class-valued attribute, or null. */
  public String checkElement(TypeRef type) {
    return elementCheck == null ? null : elementCheck.apply(type);
  }

  /** The class-valued attribute whose classes this one must not list too, or null. */
  public String disjointFrom() {
    return disjointFrom;
  }

  /** The error for {@code className}, listed both here and in {@link #disjointFrom()}. */
  public String disjointError(String className) {
    return disjointMessage.apply(className);
  }

  /** Copies this attribute's value from {@code annotation} into {@code builder}. */
  void copy(A annotation, B builder) {
    writer.accept(builder, reader.apply(annotation));
  }

  /** Writes {@code value} (a boxed annotation value) into {@code builder}. */
  void write(B builder, Object value) {
    writer.accept(builder, value);
  }

  @Override
  public String toString() {
    return name;
  }
}
