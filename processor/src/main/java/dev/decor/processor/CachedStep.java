package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;

import dev.decor.spec.Messages;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * {@code @Cached}, beyond its values ({@link ValuesStep}): a result to cache, an asynchronous result
 * declared as a type the engine's own future fits, and a warning for each parameter whose type compares by identity (such a key never hits).
 */
final class CachedStep extends ValidationStep {
  CachedStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.CACHED);
  }

  @Override
  ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    AnnotationMirror cached = DecorAnnotations.find(method, TypeNames.CACHED).orElseThrow();

    checkAsyncReturnType(report, method, cached);
    if (method.getReturnType().getKind() == TypeKind.VOID) {
      report.error(Messages.cachedOnVoid(DecorAnnotations.signature(method, types)), method,
          cached, null);
    }
    for (VariableElement parameter : method.getParameters()) {
      if (hasIdentityEquals(parameter.asType())) {
        report.warning(Messages.cachedIdentityKey(parameter.getSimpleName().toString(),
            DecorAnnotations.erasedSimpleName(types.erasure(parameter.asType()))), parameter);
      }
    }
    return report;
  }

  /**
   * Whether arguments of {@code type} surely compare by identity: a concrete class that neither
   * itself nor any superclass below {@code Object} declares {@code equals(Object)}. Interfaces,
   * abstract classes, type variables and {@code Object} itself may hold value types at run time,
   * so they never warn; neither do {@code Class} objects, which are canonical.
   */
  private boolean hasIdentityEquals(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false; // primitives, arrays, type variables, wildcards
    }
    TypeElement element = asType(((DeclaredType) type).asElement());
    String name = element.getQualifiedName().toString();
    if (element.getKind() != ElementKind.CLASS // enums and records compare by value
        || element.getModifiers().contains(Modifier.ABSTRACT)
        || name.equals("java.lang.Object") || name.equals("java.lang.Class")) {
      return false;
    }
    for (TypeElement c = element; !c.getQualifiedName().contentEquals("java.lang.Object");
        c = asType(types.asElement(c.getSuperclass()))) {
      if (declaresEquals(c)) {
        return false;
      }
    }
    return true;
  }

  private boolean declaresEquals(TypeElement type) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream().anyMatch(m ->
        m.getSimpleName().contentEquals("equals")
            && !m.getModifiers().contains(Modifier.STATIC)
            && m.getParameters().size() == 1
            && types.erasure(m.getParameters().get(0).asType()).toString().equals("java.lang.Object"));
  }
}
