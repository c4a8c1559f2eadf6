package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;

import com.google.auto.common.MoreElements;
import dev.decor.internal.Messages;
import java.util.Collection;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
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
    if (problem == null) {
      boolean isInterface = type.getKind() == ElementKind.INTERFACE;
      // An interface wrapper also forwards the unannotated methods, so it names their types too.
      for (ExecutableElement method : isInterface
          ? ElementFilter.methodsIn(type.getEnclosedElements()) : annotatedMethods) {
        if (!method.getModifiers().contains(Modifier.STATIC)
            && !method.getModifiers().contains(Modifier.PRIVATE)) {
          checkAccessible(type, method, report);
          if (isInterface && clashesWithWrap(type, method)) {
            report.error(Messages.wrapClash(type.getQualifiedName().toString(),
                DecorAnnotations.signature(method, types)), method);
          }
        }
      }
    }
    return report;
  }

  /** An instance {@code wrap(T)} of interface {@code T}: same erasure as the static factory. */
  private boolean clashesWithWrap(TypeElement type, ExecutableElement method) {
    return method.getSimpleName().contentEquals("wrap") && method.getParameters().size() == 1
        && types.isSameType(types.erasure(method.getParameters().get(0).asType()),
            types.erasure(type.asType()));
  }

  /**
   * Reports a parameter, return or exception type of {@code method} (type arguments and array
   * components included) that the wrapper, a separate class in {@code type}'s package, cannot
   * name: javac would otherwise fail inside the generated source.
   */
  private void checkAccessible(TypeElement type, ExecutableElement method, ValidationReport report) {
    String signature = DecorAnnotations.signature(method, types);
    String pkg = MoreElements.getPackage(type).getQualifiedName().toString();
    for (VariableElement p : method.getParameters()) {
      String reason = inaccessible(p.asType(), pkg);
      if (reason != null) {
        report.error(Messages.inaccessibleType(signature, "parameter '" + p.getSimpleName()
            + "' has type " + p.asType(), reason), method);
      }
    }
    String reason = inaccessible(method.getReturnType(), pkg);
    if (reason != null) {
      report.error(Messages.inaccessibleType(signature,
          "return type " + method.getReturnType(), reason), method);
    }
    for (TypeMirror thrown : method.getThrownTypes()) {
      reason = inaccessible(thrown, pkg);
      if (reason != null) {
        report.error(Messages.inaccessibleType(signature, "exception " + thrown, reason), method);
      }
    }
  }

  /** Why code in package {@code pkg} cannot name {@code type}, or null when it can. */
  private String inaccessible(TypeMirror type, String pkg) {
    switch (type.getKind()) {
      case ARRAY:
        return inaccessible(((ArrayType) type).getComponentType(), pkg);
      case WILDCARD: {
        WildcardType w = (WildcardType) type;
        TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
        return bound == null ? null : inaccessible(bound, pkg);
      }
      case DECLARED: {
        DeclaredType declared = (DeclaredType) type;
        for (Element e = declared.asElement(); e instanceof TypeElement;
            e = e.getEnclosingElement()) {
          Set<Modifier> modifiers = e.getModifiers();
          String name = asType(e).getQualifiedName().toString();
          if (modifiers.contains(Modifier.PRIVATE)) {
            return "is private" + (e == declared.asElement() ? "" : " inside " + name);
          }
          if (!modifiers.contains(Modifier.PUBLIC) && !modifiers.contains(Modifier.PROTECTED)
              && !MoreElements.getPackage(e).getQualifiedName().contentEquals(pkg)) {
            return "is package-private in another package";
          }
        }
        for (TypeMirror argument : declared.getTypeArguments()) {
          String reason = inaccessible(argument, pkg);
          if (reason != null) {
            return reason;
          }
        }
        return null;
      }
      default:
        return null;
    }
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
    if (type.getKind() == ElementKind.RECORD) {
      return Messages.recordClass(name);
    }
    if (modifiers.contains(Modifier.FINAL)) {
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
