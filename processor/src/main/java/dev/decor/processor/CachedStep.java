package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;

import dev.decor.internal.KeyType;
import dev.decor.internal.Messages;
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
 * declared as a type the engine's own future fits, and a warning for each parameter whose type
 * compares by identity (such a key never hits). With {@code shared = true}, keys must mean the same
 * in every JVM: each parameter's type must pass {@link KeyType#unstable} and an instance method's
 * class must implement {@code CacheNamespace}.
 */
final class CachedStep extends DecoratorStep {
  CachedStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.CACHED);
  }

  @Override
  void check(ValidationReport report, ExecutableElement method, AnnotationMirror cached) {
    if (method.getReturnType().getKind() == TypeKind.VOID) {
      report.error(Messages.cachedOnVoid(DecorAnnotations.signature(method, types)), method,
          cached, null);
    }
    boolean shared = (Boolean) DecorAnnotations.value(cached, "shared").getValue();
    if (shared) {
      checkNamespace(report, method, cached);
    }
    for (VariableElement parameter : method.getParameters()) {
      String name = parameter.getSimpleName().toString();
      String[] unstable = shared
          ? KeyType.unstable(name, new MirrorKeyType(parameter.asType(), types))
          : null;
      if (unstable != null) {
        report.error(Messages.sharedKey(DecorAnnotations.signature(method, types), unstable[0],
            unstable[1]), parameter);
      } else if (hasIdentityEquals(parameter.asType())) {
        report.warning(Messages.cachedIdentityKey(name,
            DecorAnnotations.erasedSimpleName(types.erasure(parameter.asType()))), parameter);
      }
    }
  }

  /**
   * Reports a shared instance method whose class does not implement {@code CacheNamespace}: the
   * receiver's identity, the in-process key, means nothing in another JVM.
   */
  private void checkNamespace(
      ValidationReport report, ExecutableElement method, AnnotationMirror cached) {
    if (method.getModifiers().contains(Modifier.STATIC)) {
      return;
    }
    TypeElement receiver = asType(method.getEnclosingElement());
    TypeMirror namespace =
        java.elements.getTypeElement(TypeNames.CACHE_NAMESPACE.canonicalName()).asType();
    if (!types.isAssignable(types.erasure(receiver.asType()), namespace)) {
      report.error(Messages.sharedNamespace(DecorAnnotations.signature(method, types),
          receiver.getSimpleName().toString()), method, cached, null);
    }
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
