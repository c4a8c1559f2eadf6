package dev.decor.processor;

import static com.google.auto.common.MoreElements.asExecutable;
import static com.google.auto.common.MoreElements.asType;

import com.google.auto.common.BasicAnnotationProcessor.Step;
import com.google.auto.common.SuperficialValidation;
import com.google.common.collect.ImmutableSetMultimap;
import com.palantir.javapoet.ClassName;
import dev.decor.internal.Messages;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.annotation.processing.FilerException;
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
  /** False under {@code -Adecor.wrappers=false}: every class is woven, none wrapped. */
  private final boolean wrappers;
  /** Wrapper name → the type it was written for. */
  private final Map<String, String> written = new HashMap<>();

  WrapperStep(ProcessingEnvironment env, Reports reports) {
    this.reports = reports;
    this.filer = env.getFiler();
    this.validator = new WrapperValidator(env.getTypeUtils());
    this.generator = new WrapperGenerator(new JavaTypes(env));
    this.wrappers = wrappersEnabled(env);
  }

  /**
   * The {@code decor.wrappers} option: on when absent or {@code true}, off when {@code false}
   * (either in any case). Any other value is off too, and {@link DecorProcessor} reports it: the
   * build fails with that one error, not with every wrapper-only error of a woven module.
   */
  static boolean wrappersEnabled(ProcessingEnvironment env) {
    String value = env.getOptions().get(DecorProcessor.WRAPPERS_OPTION);
    return value == null || value.equalsIgnoreCase("true");
  }

  /** Whether the {@code decor.wrappers} option, if given, is {@code true} or {@code false}. */
  static boolean validWrappersOption(ProcessingEnvironment env) {
    String value = env.getOptions().get(DecorProcessor.WRAPPERS_OPTION);
    return value == null || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
  }

  /** Whether {@code type} or a type enclosing it is marked {@code @Woven}. */
  static boolean isWoven(Element type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (DecorAnnotations.find(e, TypeNames.WOVEN).isPresent()) {
        return true;
      }
    }
    return false;
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
    if (!wrappers) {
      return Set.of(); // woven only: the value checks ran in the earlier steps
    }
    for (Element element : elementsByAnnotation.values()) {
      if (element.getKind() == ElementKind.METHOD
          && !DecorAnnotations.inGeneratedWrapper(element)
          && !isWoven(element.getEnclosingElement())) {
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
          try {
            generator.generate(type).writeTo(filer);
          } catch (FilerException e) {
            // A class of the wrapper's name is among the compiled sources (javac's Filer
            // refuses to create it again).
            reports.print(type, new ValidationReport()
                .error(Messages.wrapperNameTaken(typeName, wrapper), type));
          }
        }
      } catch (IOException | RuntimeException | LinkageError e) {
        reports.crash(type, e);
      }
    });
    return deferred;
  }
}
