package dev.decor.processor;

import static com.google.auto.common.MoreElements.asExecutable;

import com.google.auto.common.BasicAnnotationProcessor.Step;
import com.google.common.collect.ImmutableSetMultimap;
import com.palantir.javapoet.ClassName;
import dev.decor.spec.Durations;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Types;

/**
 * Checks the attribute values of one decor annotation family on each annotated method. Each
 * method is checked once, with all of the family's annotations in view, and its problems are
 * printed together.
 */
abstract class ValidationStep implements Step {
  private final List<ClassName> annotations;
  private final Reports reports;
  final Types types;

  ValidationStep(ProcessingEnvironment env, Reports reports, ClassName... annotations) {
    this.annotations = List.of(annotations);
    this.reports = reports;
    this.types = env.getTypeUtils();
  }

  @Override
  public final Set<String> annotations() {
    return annotations.stream().map(ClassName::canonicalName).collect(Collectors.toSet());
  }

  @Override
  public final Set<? extends Element> process(
      ImmutableSetMultimap<String, Element> elementsByAnnotation) {
    for (Element element : new LinkedHashSet<>(elementsByAnnotation.values())) {
      if (element.getKind() != ElementKind.METHOD
          || DecorAnnotations.inGeneratedWrapper(element)) {
        continue; // @Target(METHOD): javac has already reported anything else
      }
      try {
        reports.print(element, validate(asExecutable(element)));
      } catch (RuntimeException | LinkageError e) {
        reports.crash(element, e);
      }
    }
    return Set.of();
  }

  /** The problems of {@code method}'s annotations of this family. */
  abstract ValidationReport validate(ExecutableElement method);

  /**
   * Reports {@code annotation}'s {@code attribute} if it is not a valid duration (empty passes
   * when {@code optional}), with the runtime's {@link Durations} message.
   */
  static void checkDuration(ValidationReport report, ExecutableElement method,
      AnnotationMirror annotation, String attribute, boolean optional) {
    String text = DecorAnnotations.stringValue(annotation, attribute);
    if (optional && text.isEmpty()) {
      return;
    }
    String label = "@" + DecorAnnotations.simpleName(annotation) + "(" + attribute + ")";
    report.errorOnValue(Durations.check(label, text), method, annotation, attribute);
  }
}
