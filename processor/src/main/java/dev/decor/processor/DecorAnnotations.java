package dev.decor.processor;

import com.google.auto.common.AnnotationMirrors;
import com.google.auto.common.MoreElements;
import com.palantir.javapoet.ClassName;
import dev.decor.internal.describe.Description;
import dev.decor.spec.Order;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Reads decor annotations and their values from elements, names methods as messages do, and holds
 * the few type rules several steps share.
 */
final class DecorAnnotations {
  private DecorAnnotations() {}

  static Optional<AnnotationMirror> find(Element element, ClassName annotation) {
    return MoreElements.getAnnotationMirror(element, annotation.canonicalName()).toJavaUtil();
  }

  /**
   * Whether {@code element} is in a wrapper this processor generated. Wrappers carry copies of the
   * user's annotations; they were checked on the user's type and must not be wrapped again.
   */
  static boolean inGeneratedWrapper(Element element) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      Optional<AnnotationMirror> generated = find(e, TypeNames.GENERATED);
      if (generated.isPresent()) {
        Object value = value(generated.get(), "value").getValue();
        return value instanceof List && ((List<?>) value).stream()
            .anyMatch(v -> DecorProcessor.class.getName().equals(((AnnotationValue) v).getValue()));
      }
    }
    return false;
  }

  static Optional<AnnotationMirror> find(Element element, Description<?, ?> description) {
    return MoreElements.getAnnotationMirror(element, description.annotationType()).toJavaUtil();
  }

  static boolean isDecorated(Element element) {
    return first(element).isPresent();
  }

  /** The first decor annotation written on {@code element}, in source order. */
  static Optional<AnnotationMirror> first(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      ClassName name = ClassName.get(MoreElements.asType(mirror.getAnnotationType().asElement()));
      if (TypeNames.DECOR_ANNOTATIONS.contains(name)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** The decorators {@code method} carries, by their place in the chain. */
  static Set<Order> orders(ExecutableElement method) {
    Set<Order> orders = EnumSet.noneOf(Order.class);
    for (Description<?, ?> description : Description.all()) {
      if (find(method, description).isPresent()) {
        orders.add(description.order());
      }
    }
    return orders;
  }

  static String simpleName(AnnotationMirror mirror) {
    return mirror.getAnnotationType().asElement().getSimpleName().toString();
  }

  /** The value of {@code attribute}, the default when it is not written. */
  static AnnotationValue value(AnnotationMirror mirror, String attribute) {
    return AnnotationMirrors.getAnnotationValue(mirror, attribute);
  }

  /** The elements of an array-valued attribute (javac gives a one-element list for {@code x = A.class}). */
  @SuppressWarnings("unchecked")
  static List<AnnotationValue> listValue(AnnotationMirror mirror, String attribute) {
    return (List<AnnotationValue>) value(mirror, attribute).getValue();
  }

  /** {@code type}'s box ({@code Integer} for {@code int}); any other type as it is. */
  static TypeMirror boxed(Types types, TypeMirror type) {
    return type.getKind().isPrimitive()
        ? types.boxedClass(types.getPrimitiveType(type.getKind())).asType()
        : type;
  }

  /**
   * Why the engine cannot create an instance of {@code type} with its public no-argument
   * constructor (a {@code @Retry(retryIf)} predicate, a {@code @MetricTag} mapper), as its
   * reflective check words it, or null: abstract, an inner class, or no such constructor.
   */
  static String creationProblem(TypeElement type) {
    Set<Modifier> modifiers = type.getModifiers();
    if (type.getKind().isInterface() || modifiers.contains(Modifier.ABSTRACT)) {
      return "is abstract";
    }
    if (type.getNestingKind() != NestingKind.TOP_LEVEL && !modifiers.contains(Modifier.STATIC)) {
      return "is an inner class, created only with an outer instance";
    }
    boolean publicNoArgs = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC));
    return publicNoArgs ? null : "has no public no-argument constructor";
  }

  /** {@code name(ParamSimpleType, …)}, erased, as the runtime's messages show a method. */
  static String signature(ExecutableElement method, Types types) {
    StringBuilder sb = new StringBuilder(method.getSimpleName()).append('(');
    for (int i = 0; i < method.getParameters().size(); i++) {
      TypeMirror erased = types.erasure(method.getParameters().get(i).asType());
      sb.append(i == 0 ? "" : ", ").append(erasedSimpleName(erased));
    }
    return sb.append(')').toString();
  }

  /** {@code Class.getSimpleName()} of an erased type: {@code float[]}, {@code int}, {@code List}. */
  static String erasedSimpleName(TypeMirror erased) {
    if (erased.getKind() == TypeKind.ARRAY) {
      return erasedSimpleName(((ArrayType) erased).getComponentType()) + "[]";
    }
    if (erased.getKind() == TypeKind.DECLARED) {
      return ((DeclaredType) erased).asElement().getSimpleName().toString();
    }
    return erased.toString();
  }
}
