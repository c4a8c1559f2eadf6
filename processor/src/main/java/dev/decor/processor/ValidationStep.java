package dev.decor.processor;

import static com.google.auto.common.MoreElements.asExecutable;

import com.google.auto.common.BasicAnnotationProcessor.Step;
import com.google.common.collect.ImmutableSetMultimap;
import com.palantir.javapoet.ClassName;
import dev.decor.internal.Messages;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Checks the attribute values of one decor annotation family on each annotated method. Each
 * method is checked once, with all of the family's annotations in view, and its problems are
 * printed together.
 */
abstract class ValidationStep implements Step {
  private final List<ClassName> annotations;
  private final Reports reports;
  final JavaTypes java;
  final Types types;

  ValidationStep(ProcessingEnvironment env, Reports reports, ClassName... annotations) {
    this.annotations = List.of(annotations);
    this.reports = reports;
    this.java = new JavaTypes(env);
    this.types = java.types;
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
   * Reports {@code annotation} (a decorator, see {@link DecoratorStep}) when {@code method} returns
   * a proper subtype of {@code CompletionStage} other than {@code CompletableFuture}: the engine
   * completes its own {@code CompletableFuture}, which the caller's cast would reject. Returns
   * whether it did.
   */
  final boolean checkAsyncReturnType(
      ValidationReport report, ExecutableElement method, AnnotationMirror annotation) {
    TypeMirror returned = types.erasure(method.getReturnType());
    TypeMirror stage = java.erased(CompletionStage.class);
    TypeMirror future = java.erased(CompletableFuture.class);
    if (types.isSubtype(returned, stage) && !types.isSameType(returned, stage)
        && !types.isSameType(returned, future)) {
      report.error(Messages.asyncReturnType(DecorAnnotations.simpleName(annotation),
              DecorAnnotations.signature(method, types), DecorAnnotations.erasedSimpleName(returned)),
          method, annotation, null);
      return true;
    }
    return false;
  }
}
