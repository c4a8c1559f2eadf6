package dev.decor.internal.describe;

import dev.decor.spec.GradSpec;
import dev.decor.spec.Order;
import dev.decor.spec.Spec;
import dev.decor.spec.TimedSpec;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one description of a decor annotation, which every reader of the annotation follows: the
 * processor validates and generates code from it, the woven reader ({@code Chains.specsOf}) and
 * the programmatic builder ({@code Decorators}) build specs with it. Adding an attribute means
 * one {@link Attribute} line here plus the spec's component and builder setter (its semantics).
 *
 * <p>Generated code builds a spec as {@code XSpec.builder().attr(value)….build()}, calling only
 * the setters of attributes whose value differs from the default — named calls, so a wrapper
 * compiled against one minor version links against the next — or, for an annotation without
 * attributes, reads the {@link #constant()} ({@code GradSpec.NO_GRAD}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param <A> the annotation type
 * @param <B> the spec builder type ({@link GradSpec} itself for the constants)
 */
public final class Description<A extends Annotation, B> {
  private final Class<A> annotationType;
  private final Order order;
  private final Class<?> specType;
  private final String constant;
  private final Supplier<B> builder;
  private final Function<B, Spec> build;
  private final List<Attribute<A, B>> attributes;

  private Description(Class<A> annotationType, Order order, Class<?> specType, String constant,
      Supplier<B> builder, Function<B, Spec> build, List<Attribute<A, B>> attributes) {
    this.annotationType = annotationType;
    this.order = order;
    this.specType = specType;
    this.constant = constant;
    this.builder = builder;
    this.build = build;
    this.attributes = List.copyOf(attributes);
  }

  /** An annotation with attributes, built by {@code specType.builder()…build()}. */
  @SafeVarargs
  static <A extends Annotation, B> Description<A, B> of(Class<A> annotationType, Order order,
      Class<?> specType, Supplier<B> builder, Function<B, Spec> build,
      Attribute<A, B>... attributes) {
    return new Description<>(
        annotationType, order, specType, null, builder, build, List.of(attributes));
  }

  /** An annotation without attributes, standing for the constant {@code spec}. */
  static <A extends Annotation> Description<A, GradSpec> constant(
      Class<A> annotationType, GradSpec spec) {
    return new Description<>(annotationType, spec.order(), GradSpec.class, spec.name(),
        () -> spec, s -> s, List.of());
  }

  /** Every decor annotation, in pipeline order (outermost first). */
  public static List<Description<?, ?>> all() {
    return Descriptions.ALL;
  }

  /** The description of the annotation named {@code canonicalName}, or null if it is not decor's. */
  public static Description<?, ?> forName(String canonicalName) {
    for (Description<?, ?> d : Descriptions.ALL) {
      if (d.annotationType.getName().equals(canonicalName)) {
        return d;
      }
    }
    return null;
  }

  public Class<A> annotationType() {
    return annotationType;
  }

  /** The decorator's place in a chain. */
  public Order order() {
    return order;
  }

  /** The spec class generated code names: its {@code builder()} or its {@link #constant()}. */
  public Class<?> specType() {
    return specType;
  }

  /** The name of the spec constant for an annotation without attributes, else null. */
  public String constant() {
    return constant;
  }

  /** The attributes, in declaration order; each name is a setter of the spec builder. */
  public List<Attribute<A, B>> attributes() {
    return attributes;
  }

  /** The spec of an annotation that sets no attribute: every default (a constant's own spec). */
  public Spec defaults() {
    return build.apply(builder.get());
  }

  /** The attribute named {@code name}, or null. */
  public Attribute<A, B> attribute(String name) {
    for (Attribute<A, B> attribute : attributes) {
      if (attribute.name().equals(name)) {
        return attribute;
      }
    }
    return null;
  }

  /**
   * The annotation's method for attribute {@code name}: its return type is the attribute's type,
   * its default value the annotation's default.
   *
   * @throws IllegalArgumentException if the annotation has no such method
   */
  public Method member(String name) {
    try {
      return annotationType.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(this + " has no attribute " + name, e);
    }
  }

  /**
   * The value of attribute {@code name} in {@code spec}, in the annotation's form (a boxed
   * primitive, a {@code String}, a {@code Class}, an array): the spec's record component of that
   * name, a list turned into the annotation's array type. Reflection, for building a chain and
   * reporting it; never on a call's path.
   *
   * @throws IllegalArgumentException if {@code spec} is not this annotation's spec, or has no
   *     component of that name
   */
  public Object valueOf(Spec spec, String name) {
    if (!specType.isInstance(spec)) {
      throw new IllegalArgumentException(spec + " is not a " + specType.getSimpleName());
    }
    Object value;
    try {
      value = specType.getMethod(name).invoke(spec);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalArgumentException(
          specType.getSimpleName() + " has no accessible component " + name, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
    Class<?> type = member(name).getReturnType();
    if (type.isArray() && value instanceof Collection<?> c) {
      Object array = Array.newInstance(type.getComponentType(), c.size());
      int i = 0;
      for (Object element : c) {
        Array.set(array, i++, element);
      }
      return array;
    }
    return value;
  }

  /**
   * {@code spec} with the attributes in {@code values} (name → boxed annotation value) replaced,
   * built and validated as the annotation's values are; the others keep {@code spec}'s values.
   *
   * @throws IllegalArgumentException with a {@link dev.decor.internal.Messages} text for an
   *     invalid combination, or for a name that is not an attribute
   */
  public Spec rebuild(Spec spec, Map<String, ?> values) {
    for (String name : values.keySet()) {
      if (attribute(name) == null) {
        throw new IllegalArgumentException(this + " has no attribute " + name);
      }
    }
    B b = builder.get();
    for (Attribute<A, B> attribute : attributes) {
      String name = attribute.name();
      attribute.write(b, values.containsKey(name) ? values.get(name) : valueOf(spec, name));
    }
    Spec rebuilt = build.apply(b);
    // A TimedSpec's @MetricTag parameters come from the method, not from an attribute: keep them.
    return spec instanceof TimedSpec timed ? ((TimedSpec) rebuilt).withTags(timed.tags()) : rebuilt;
  }

  /**
   * The spec of {@code annotation}, validated.
   *
   * @throws IllegalArgumentException with a {@link dev.decor.internal.Messages} text for an invalid value
   */
  public Spec read(Annotation annotation) {
    A a = annotationType.cast(Objects.requireNonNull(annotation, "annotation"));
    B b = builder.get();
    for (Attribute<A, B> attribute : attributes) {
      attribute.copy(a, b);
    }
    return build.apply(b);
  }

  @Override
  public String toString() {
    return "@" + annotationType.getSimpleName();
  }
}
