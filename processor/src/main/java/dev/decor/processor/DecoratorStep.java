package dev.decor.processor;

import com.palantir.javapoet.ClassName;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * One decorator's checks beyond its values ({@link ValuesStep}). Every decorator the engine may
 * answer with its own future (a retry, a cached or fallen-back value, an open breaker, a timeout,
 * a rejection) requires an asynchronous result to be declared as a type that future fits
 * ({@code [decor/AsyncReturnType]}); that is all {@code @CircuitBreaker} and {@code @Timeout}
 * need, so they use this class as it is. A decorator with more rules overrides {@link #check}.
 */
class DecoratorStep extends ValidationStep {
  private final ClassName annotation;

  DecoratorStep(ProcessingEnvironment env, Reports reports, ClassName annotation) {
    super(env, reports, annotation);
    this.annotation = annotation;
  }

  @Override
  final ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    AnnotationMirror mirror = DecorAnnotations.find(method, annotation).orElseThrow();
    checkAsyncReturnType(report, method, mirror);
    check(report, method, mirror);
    return report;
  }

  /** Reports what else is wrong with {@code annotation} on {@code method}; nothing here. */
  void check(ValidationReport report, ExecutableElement method, AnnotationMirror annotation) {}
}
