package dev.decor.processor;

import com.google.auto.common.BasicAnnotationProcessor.Step;
import com.google.auto.common.MoreElements;
import com.google.auto.common.MoreTypes;
import com.google.common.collect.ImmutableSetMultimap;
import dev.decor.internal.Messages;
import dev.decor.spec.TimedSpec;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * {@code @MetricTag} parameters: a timer to tag ({@code @Timed} on the method), a key of the
 * user's own used once, and a bounded value — an enum or a boolean as it is, anything else only
 * through a mapper that accepts it; never an array, collection or map. The engine makes the same
 * checks with the same messages when it builds a woven method's chain.
 */
final class MetricTagStep implements Step {
  private final Reports reports;
  private final JavaTypes java;
  private final Types types;

  MetricTagStep(ProcessingEnvironment env, Reports reports) {
    this.reports = reports;
    this.java = new JavaTypes(env);
    this.types = java.types;
  }

  @Override
  public Set<String> annotations() {
    return Set.of(TypeNames.METRIC_TAG.canonicalName());
  }

  @Override
  public Set<? extends Element> process(
      ImmutableSetMultimap<String, Element> elementsByAnnotation) {
    Set<ExecutableElement> methods = new LinkedHashSet<>();
    for (Element parameter : elementsByAnnotation.values()) {
      Element enclosing = parameter.getEnclosingElement();
      if (parameter.getKind() == ElementKind.PARAMETER
          && (enclosing.getKind() == ElementKind.METHOD
              || enclosing.getKind() == ElementKind.CONSTRUCTOR)
          && !DecorAnnotations.inGeneratedWrapper(enclosing)) {
        methods.add(MoreElements.asExecutable(enclosing));
      }
    }
    for (ExecutableElement method : methods) {
      try {
        reports.print(method, validate(method));
      } catch (RuntimeException | LinkageError e) {
        reports.crash(method, e);
      }
    }
    return Set.of();
  }

  private ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    boolean timed = DecorAnnotations.find(method, TypeNames.TIMED).isPresent();
    String signature = DecorAnnotations.signature(method, types);
    Set<String> keys = new HashSet<>();
    for (VariableElement parameter : method.getParameters()) {
      AnnotationMirror tag = DecorAnnotations.find(parameter, TypeNames.METRIC_TAG).orElse(null);
      if (tag == null) {
        continue;
      }
      String name = parameter.getSimpleName().toString();
      if (!timed) {
        report.error(Messages.metricTagWithoutTimed(name, signature), parameter, tag, null);
        continue;
      }
      String key = (String) DecorAnnotations.value(tag, "value").getValue();
      if (!TimedSpec.checkTagKey(key) || !keys.add(key)) {
        report.error(Messages.metricTagKey(key, name, signature), parameter, tag,
            DecorAnnotations.value(tag, "value"));
      }
      TypeMirror type = parameter.asType();
      if (unbounded(type)) {
        report.error(Messages.metricTagCardinality(name, signature, simpleName(type)),
            parameter, tag, null);
        continue;
      }
      TypeMirror mapper = (TypeMirror) DecorAnnotations.value(tag, "mapper").getValue();
      if (MoreTypes.asTypeElement(mapper).getQualifiedName()
          .contentEquals(TypeNames.METRIC_TAG_MAPPER.canonicalName())) {
        if (!isEnum(type) && !isBoolean(type)) {
          report.error(Messages.metricTagType(name, signature, simpleName(type)), parameter, tag,
              null);
        }
      } else {
        String problem = mapperProblem(MoreTypes.asTypeElement(mapper), type);
        if (problem != null) {
          report.error(Messages.metricTagMapper(MoreTypes.asTypeElement(mapper).getSimpleName()
              .toString(), problem), parameter, tag, DecorAnnotations.value(tag, "mapper"));
        }
      }
    }
    return report;
  }

  /** Arrays, collections, maps, iterables: a series per distinct value. */
  private boolean unbounded(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return true;
    }
    TypeMirror erased = types.erasure(type);
    for (Class<?> c : List.of(Iterable.class, java.util.Map.class)) {
      if (types.isAssignable(erased,
          java.erased(c))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEnum(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((DeclaredType) type).asElement().getKind() == ElementKind.ENUM;
  }

  private boolean isBoolean(TypeMirror type) {
    return type.getKind() == TypeKind.BOOLEAN || types.isSameType(type,
        java.declared(Boolean.class));
  }

  /** What is wrong with {@code mapper} for a parameter of {@code type}, or null. */
  private String mapperProblem(TypeElement mapper, TypeMirror type) {
    String problem = DecorAnnotations.creationProblem(mapper);
    if (problem != null) {
      return problem;
    }
    TypeMirror accepted = mappedType(mapper);
    TypeMirror boxed = DecorAnnotations.boxed(types, type);
    if (accepted != null && !types.isAssignable(types.erasure(boxed), types.erasure(accepted))) {
      return "maps " + simpleName(types.erasure(accepted)) + ", not the parameter's "
          + simpleName(type);
    }
    return null;
  }

  /** The {@code T} of the {@code MetricTag.Mapper<T>} that {@code mapper} implements, or null. */
  private TypeMirror mappedType(TypeElement mapper) {
    TypeElement mapperInterface = java.elements.getTypeElement(
        TypeNames.METRIC_TAG_MAPPER.canonicalName());
    for (TypeMirror s : types.directSupertypes(mapper.asType())) {
      if (types.isSameType(types.erasure(s), types.erasure(mapperInterface.asType()))) {
        List<? extends TypeMirror> args = ((DeclaredType) s).getTypeArguments();
        return args.isEmpty() ? null : args.get(0);
      }
      TypeMirror inherited = s.getKind() == TypeKind.DECLARED
          ? mappedType(MoreTypes.asTypeElement(s)) : null;
      if (inherited != null) {
        return inherited;
      }
    }
    return null;
  }

  private String simpleName(TypeMirror type) {
    return DecorAnnotations.erasedSimpleName(types.erasure(type));
  }
}
