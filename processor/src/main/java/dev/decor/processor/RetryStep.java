package dev.decor.processor;

import com.google.auto.common.MoreTypes;
import dev.decor.internal.Messages;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * {@code @Retry}, beyond its values ({@link ValuesStep}): an asynchronous result must be declared
 * as a type the engine's own future fits; and {@code retryIf} must name a class the engine can
 * create ({@code [decor/RetryIfClass]}) whose {@code Predicate<T>} takes the method's result — its
 * return type, boxed, or its stage's value type — as {@code T} or a supertype of it
 * ({@code [decor/RetryIfType]}), both reported on the {@code retryIf} value. The engine repeats
 * these checks on erased types when it builds the chain, so a woven method fails its first call
 * with the same text.
 */
final class RetryStep extends DecoratorStep {
  RetryStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.RETRY);
  }

  @Override
  void check(ValidationReport report, ExecutableElement method, AnnotationMirror retry) {
    TypeMirror retryIf = (TypeMirror) DecorAnnotations.value(retry, "retryIf").getValue();
    if (retryIf.getKind() == TypeKind.DECLARED && !isPredicateItself(retryIf)) {
      String error = classError(MoreTypes.asTypeElement(retryIf));
      if (error == null) {
        error = typeError(method, MoreTypes.asTypeElement(retryIf));
      }
      report.errorOnValue(error, method, retry, "retryIf");
    }
  }

  private boolean isPredicateItself(TypeMirror type) {
    return MoreTypes.asTypeElement(type).getQualifiedName()
        .contentEquals(Predicate.class.getCanonicalName());
  }

  /** What keeps the engine from creating {@code predicate} once per chain, or null. */
  private static String classError(TypeElement predicate) {
    String problem = DecorAnnotations.creationProblem(predicate);
    return problem == null
        ? null : Messages.retryIfClass(predicate.getSimpleName().toString(), problem);
  }

  /** Why {@code predicate} cannot judge {@code method}'s result, or null. */
  private String typeError(ExecutableElement method, TypeElement predicate) {
    TypeMirror judged = upperBound(typeArgument(predicate.asType(), Predicate.class));
    String judgedName = judged == null ? "Object"
        : DecorAnnotations.erasedSimpleName(types.erasure(judged));
    String signature = DecorAnnotations.signature(method, types);
    String simple = predicate.getSimpleName().toString();
    TypeMirror returned = method.getReturnType();
    if (returned.getKind() == TypeKind.VOID) {
      return Messages.retryIfType(simple, judgedName, signature, "returns nothing (void)");
    }
    boolean async =
        types.isSubtype(types.erasure(returned), java.erased(CompletionStage.class));
    TypeMirror result = async
        ? upperBound(typeArgument(returned, CompletionStage.class))
        : DecorAnnotations.boxed(types, returned);
    if (judged == null || result == null || types.isAssignable(result, judged)) {
      return null; // a raw predicate, or a raw stage: nothing to compare
    }
    String resultName = DecorAnnotations.erasedSimpleName(types.erasure(result));
    if (resultName.equals(judgedName)) {
      // Only the type arguments differ, which the engine's erased check cannot see: name them.
      judgedName = simpleName(judged);
      resultName = simpleName(result);
    }
    return Messages.retryIfType(simple, judgedName, signature, async
        ? "completes its stage with " + resultName
        : "returns " + resultName);
  }

  /**
   * The first type argument that {@code type}'s supertype {@code of} receives, substituted along
   * the way; null when {@code of} is reached raw or not at all.
   */
  private TypeMirror typeArgument(TypeMirror type, Class<?> of) {
    Deque<TypeMirror> pending = new ArrayDeque<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      TypeMirror t = pending.poll();
      if (t.getKind() != TypeKind.DECLARED) {
        continue;
      }
      DeclaredType declared = (DeclaredType) t;
      if (MoreTypes.asTypeElement(declared).getQualifiedName()
          .contentEquals(of.getCanonicalName())) {
        return declared.getTypeArguments().isEmpty() ? null : declared.getTypeArguments().get(0);
      }
      pending.addAll(types.directSupertypes(t));
    }
    return null;
  }

  /** {@code List<Integer>}: simple names, with type arguments. */
  private String simpleName(TypeMirror type) {
    String erased = DecorAnnotations.erasedSimpleName(types.erasure(type));
    if (type.getKind() != TypeKind.DECLARED
        || ((DeclaredType) type).getTypeArguments().isEmpty()) {
      return erased;
    }
    StringBuilder sb = new StringBuilder(erased).append('<');
    List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
    for (int i = 0; i < arguments.size(); i++) {
      TypeMirror argument = arguments.get(i);
      sb.append(i == 0 ? "" : ", ").append(
          argument.getKind() == TypeKind.WILDCARD ? argument.toString() : simpleName(argument));
    }
    return sb.append('>').toString();
  }

  /** A type variable's or wildcard's bound; other types as they are. */
  private static TypeMirror upperBound(TypeMirror type) {
    if (type instanceof TypeVariable v) {
      return upperBound(v.getUpperBound());
    }
    if (type instanceof WildcardType w) {
      return w.getExtendsBound() == null ? null : upperBound(w.getExtendsBound());
    }
    return type;
  }
}
