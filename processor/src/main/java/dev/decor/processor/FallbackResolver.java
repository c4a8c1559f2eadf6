package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;

import com.google.auto.common.MoreElements;
import dev.decor.internal.FallbackRules;
import dev.decor.internal.FallbackRules.Candidate;
import dev.decor.internal.FallbackRules.Shape;
import dev.decor.internal.FallbackRules.Target;
import dev.decor.internal.describe.Description;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Finds the method a {@code @Fallback} names, as the woven chain's first call does
 * ({@code dev.decor.fallback.FallbackMethods}): the same candidates (the class's own methods of that
 * name, private and static ones included, then inherited ones), judged on erased types, through the
 * shared {@link FallbackRules}, so both modes accept the same fallbacks and report the same words.
 * Used by {@link FallbackStep} to report and by {@link WrapperGenerator} to call the match.
 */
final class FallbackResolver {
  /** The fallback, or the error (and null). */
  record Resolution(ExecutableElement match, String error) {}

  private final JavaTypes java;
  private final Types types;

  FallbackResolver(JavaTypes java) {
    this.java = java;
    this.types = java.types;
  }

  /**
   * The fallback of {@code method} (which carries {@code @Fallback}); {@code subclassCalls} when a
   * generated subclass must call it (then it must not be private).
   */
  Resolution resolve(ExecutableElement method, boolean subclassCalls) {
    AnnotationMirror fallback = DecorAnnotations.find(method, TypeNames.FALLBACK).orElseThrow();
    String name = (String) DecorAnnotations.value(fallback, "method").getValue();
    List<TypeMirror> on = new ArrayList<>();
    for (AnnotationValue v : DecorAnnotations.listValue(fallback, "on")) {
      on.add((TypeMirror) v.getValue());
    }
    TypeMirror stageValue = stageValue(method.getReturnType());
    List<String> parameters = new ArrayList<>();
    method.getParameters().forEach(p -> parameters.add(simple(p.asType())));
    Target target = new Target(DecorAnnotations.signature(method, types),
        simple(method.getReturnType()), parameters,
        method.getModifiers().contains(Modifier.STATIC),
        stageValue == null ? null : simple(stageValue));
    List<ExecutableElement> named = named(asType(method.getEnclosingElement()), name);
    List<Candidate> candidates = new ArrayList<>();
    for (ExecutableElement m : named) {
      candidates.add(candidate(method, m, on, stageValue));
    }
    FallbackRules.Result result = FallbackRules.check(target, name, candidates, subclassCalls);
    return result.ok()
        ? new Resolution(named.get(result.match()), null)
        : new Resolution(null, result.error());
  }

  /**
   * The methods called {@code name} that {@code owner} declares (any modifiers) or inherits (an
   * overridden one once; static ones of superclasses if the owner can reach them).
   */
  private List<ExecutableElement> named(TypeElement owner, String name) {
    Map<List<String>, ExecutableElement> bySignature = new LinkedHashMap<>();
    for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      if (m.getSimpleName().contentEquals(name)) {
        bySignature.putIfAbsent(erasedParameters(m), m);
      }
    }
    for (ExecutableElement m : MoreElements.getLocalAndInheritedMethods(owner, types, java.elements)) {
      if (m.getSimpleName().contentEquals(name)) {
        bySignature.putIfAbsent(erasedParameters(m), m);
      }
    }
    String pkg = MoreElements.getPackage(owner).getQualifiedName().toString();
    for (TypeElement c = superclass(owner); c != null; c = superclass(c)) {
      for (ExecutableElement m : ElementFilter.methodsIn(c.getEnclosedElements())) {
        Set<Modifier> modifiers = m.getModifiers();
        if (m.getSimpleName().contentEquals(name) && modifiers.contains(Modifier.STATIC)
            && !modifiers.contains(Modifier.PRIVATE)
            && (modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PROTECTED)
                || MoreElements.getPackage(c).getQualifiedName().contentEquals(pkg))) {
          bySignature.putIfAbsent(erasedParameters(m), m);
        }
      }
    }
    return new ArrayList<>(bySignature.values());
  }

  private TypeElement superclass(TypeElement type) {
    TypeMirror s = type.getSuperclass();
    return s.getKind() == TypeKind.DECLARED ? asType(types.asElement(s)) : null;
  }

  private List<String> erasedParameters(ExecutableElement m) {
    List<String> erased = new ArrayList<>();
    m.getParameters().forEach(p -> erased.add(types.erasure(p.asType()).toString()));
    return erased;
  }

  private Candidate candidate(ExecutableElement method, ExecutableElement m, List<TypeMirror> on,
      TypeMirror stageValue) {
    int n = method.getParameters().size();
    List<TypeMirror> expected = new ArrayList<>();
    method.getParameters().forEach(p -> expected.add(types.erasure(p.asType())));
    List<TypeMirror> actual = new ArrayList<>();
    m.getParameters().forEach(p -> actual.add(types.erasure(p.asType())));
    Shape shape = Shape.OTHER;
    String failureType = null;
    String unheldOn = null;
    if (sameTypes(actual, expected, n) && actual.size() == n) {
      shape = Shape.SAME;
    } else if (actual.size() == n + 1 && sameTypes(actual, expected, n)
        && types.isSubtype(actual.get(n), type(Throwable.class))) {
      shape = Shape.SAME_AND_FAILURE;
      TypeMirror failure = actual.get(n);
      failureType = simple(failure);
      for (TypeMirror c : on) {
        if (!types.isSubtype(types.erasure(c), failure)) {
          unheldOn = java.elements.getBinaryName(asType(types.asElement(c))).toString();
          break;
        }
      }
    }
    return new Candidate(DecorAnnotations.signature(m, types), shape, failureType, unheldOn,
        simple(m.getReturnType()), returnFits(method.getReturnType(), m.getReturnType(), stageValue),
        m.getModifiers().contains(Modifier.STATIC), m.getModifiers().contains(Modifier.PRIVATE),
        decorAnnotation(m));
  }

  private boolean sameTypes(List<TypeMirror> actual, List<TypeMirror> expected, int n) {
    if (actual.size() < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!types.isSameType(actual.get(i), expected.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code @Fallback}'s return rule, on erased types, as the woven chain applies it. */
  private boolean returnFits(TypeMirror returned, TypeMirror fallback, TypeMirror stageValue) {
    TypeMirror r = types.erasure(returned);
    TypeMirror f = types.erasure(fallback);
    if (r.getKind() == TypeKind.VOID || r.getKind().isPrimitive()) {
      return f.getKind() == r.getKind();
    }
    if (f.getKind() == TypeKind.VOID) {
      return false;
    }
    if (stageValue != null && types.isSubtype(f, types.erasure(type(
        java.util.concurrent.CompletionStage.class)))) {
      return true;
    }
    return types.isAssignable(DecorAnnotations.boxed(types, f),
        stageValue != null ? types.erasure(stageValue) : r);
  }

  /**
   * The value type of a method returning a {@code CompletionStage} ({@code Object} when it is not
   * written), or null for any other method.
   */
  private TypeMirror stageValue(TypeMirror returned) {
    TypeMirror stage = types.erasure(type(java.util.concurrent.CompletionStage.class));
    if (returned.getKind() != TypeKind.DECLARED
        || !types.isSubtype(types.erasure(returned), stage)) {
      return null;
    }
    List<? extends TypeMirror> arguments = ((DeclaredType) returned).getTypeArguments();
    if (arguments.size() != 1) {
      return type(Object.class);
    }
    TypeMirror value = arguments.get(0);
    if (value.getKind() == TypeKind.WILDCARD) {
      TypeMirror bound = ((WildcardType) value).getExtendsBound();
      return bound != null ? bound : type(Object.class);
    }
    return value;
  }

  /** The simple name of the erasure, as {@code Class.getSimpleName()} gives it. */
  private String simple(TypeMirror t) {
    return DecorAnnotations.erasedSimpleName(types.erasure(t));
  }

  private TypeMirror type(Class<?> c) {
    return java.declared(c);
  }

  /** The first decor annotation on {@code m}, in pipeline order (as reflection finds it), or null. */
  private static String decorAnnotation(ExecutableElement m) {
    for (Description<?, ?> d : Description.all()) {
      if (DecorAnnotations.find(m, d).isPresent()) {
        return d.annotationType().getSimpleName();
      }
    }
    return null;
  }
}
