package dev.decor.processor;

import static com.google.auto.common.MoreElements.asExecutable;
import static com.google.auto.common.MoreElements.asType;

import com.google.auto.common.BasicAnnotationProcessor.Step;
import com.google.auto.common.SuperficialValidation;
import com.google.common.collect.ImmutableSetMultimap;
import com.palantir.javapoet.ClassName;
import dev.decor.spec.Messages;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Last step: per type with decor-annotated methods, checks that a wrapper can be generated and
 * writes it, unless an earlier step found errors in the type. One file per type, with the type as
 * its only originating element (Gradle "isolating").
 */
final class WrapperStep implements Step {
  private final Reports reports;
  private final Filer filer;
  private final WrapperValidator validator;
  private final WrapperGenerator generator;
  /** Wrapper name → the type it was written for. */
  private final Map<String, String> written = new HashMap<>();

  WrapperStep(ProcessingEnvironment env, Reports reports) {
    this.reports = reports;
    this.filer = env.getFiler();
    this.validator = new WrapperValidator(env.getTypeUtils());
    this.generator = new WrapperGenerator(env.getTypeUtils(), env.getElementUtils());
  }

  @Override
  public Set<String> annotations() {
    return TypeNames.DECOR_ANNOTATIONS.stream()
        .map(ClassName::canonicalName)
        .collect(Collectors.toSet());
  }

  @Override
  public Set<? extends Element> process(
      ImmutableSetMultimap<String, Element> elementsByAnnotation) {
    Map<TypeElement, Set<ExecutableElement>> methodsByType = new LinkedHashMap<>();
    for (Element element : elementsByAnnotation.values()) {
      if (element.getKind() == ElementKind.METHOD
          && !DecorAnnotations.inGeneratedWrapper(element)) {
        methodsByType
            .computeIfAbsent(asType(element.getEnclosingElement()), t -> new LinkedHashSet<>())
            .add(asExecutable(element));
      }
    }
    Set<Element> deferred = new LinkedHashSet<>();
    methodsByType.forEach((type, methods) -> {
      if (!SuperficialValidation.validateElement(type)) {
        deferred.addAll(methods); // a type it mentions may be generated in a later round
        return;
      }
      try {
        ValidationReport report = validator.validate(type, methods);
        String typeName = type.getQualifiedName().toString();
        String wrapper = WrapperNames.wrapperName(type).canonicalName();
        String owner = written.putIfAbsent(wrapper, typeName);
        if (owner != null && !owner.equals(typeName)) {
          report.error(Messages.notExtendable(typeName, "its wrapper name '" + wrapper
              + "' is taken by the wrapper of '" + owner + "'; rename one of the two"), type);
        }
        reports.print(type, report);
        if (!reports.hasErrors(type) && owner == null) {
          generator.generate(type).writeTo(filer);
        }
      } catch (IOException | RuntimeException | LinkageError e) {
        reports.crash(type, e);
      }
    });
    return deferred;
  }
}
