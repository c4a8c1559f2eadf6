package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;

import dev.decor.spec.Messages;
import java.util.Collection;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Checks that a wrapper can be generated: the type can be subclassed (or, for an interface,
 * implemented) from its package, and every annotated method can be overridden.
 */
final class WrapperValidator {
  private final Types types;

  WrapperValidator(Types types) {
    this.types = types;
  }

  ValidationReport validate(TypeElement type, Collection<ExecutableElement> annotatedMethods) {
    ValidationReport report = new ValidationReport();
    String problem = whyNotExtendable(type);
    if (problem != null) {
      report.error(problem, type);
    }
    for (ExecutableElement method : annotatedMethods) {
      validate(type, method, report);
    }
    return report;
  }

  private void validate(TypeElement type, ExecutableElement method, ValidationReport report) {
    String annotation = DecorAnnotations.first(method).map(DecorAnnotations::simpleName).orElseThrow();
    String signature = DecorAnnotations.signature(method, types);
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.PRIVATE)) {
      report.error(Messages.privateMethod(annotation, signature), method);
    }
    if (modifiers.contains(Modifier.STATIC)) {
      report.error(Messages.staticMethod(annotation, signature), method);
    }
    if (modifiers.contains(Modifier.FINAL)) {
      report.error(Messages.finalMethod(annotation, signature), method);
    }
    if (modifiers.contains(Modifier.ABSTRACT) && type.getKind() == ElementKind.CLASS) {
      report.error(Messages.abstractMethod(annotation, signature), method);
    }
  }

  /** The error message when no wrapper can extend or implement {@code type}, else null. */
  private static String whyNotExtendable(TypeElement type) {
    String name = type.getQualifiedName().toString();
    Set<Modifier> modifiers = type.getModifiers();
    switch (type.getKind()) {
      case ANNOTATION_TYPE:
        return Messages.notExtendable(name, "it is an annotation type");
      case ENUM:
        return Messages.notExtendable(name, "it is an enum");
      default:
        break;
    }
    if (type.getKind() == ElementKind.RECORD || modifiers.contains(Modifier.FINAL)) {
      return Messages.finalClass(name);
    }
    if (modifiers.contains(Modifier.SEALED)) {
      return Messages.notExtendable(name, "it is sealed and does not permit the wrapper");
    }
    if (type.getNestingKind() == NestingKind.LOCAL
        || type.getNestingKind() == NestingKind.ANONYMOUS) {
      return Messages.notExtendable(name, "it is a local or anonymous class");
    }
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return Messages.notExtendable(name, e == type
            ? "it is private; make it package-private or wider"
            : "its enclosing type '" + asType(e).getQualifiedName() + "' is private");
      }
    }
    if (type.getKind() == ElementKind.INTERFACE) {
      return null;
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !modifiers.contains(Modifier.STATIC)) {
      return Messages.notExtendable(name,
          "it is an inner class, which needs an instance of its enclosing class; make it static");
    }
    boolean constructible = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> !c.getModifiers().contains(Modifier.PRIVATE));
    if (!constructible) {
      return Messages.notExtendable(name,
          "it has no non-private constructor; add one that is package-private or wider");
    }
    return null;
  }
}
