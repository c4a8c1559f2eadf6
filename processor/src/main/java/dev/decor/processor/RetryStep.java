package dev.decor.processor;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * {@code @Retry}, beyond its values ({@link ValuesStep}): an asynchronous result must be declared
 * as a type the engine's own future fits.
 */
final class RetryStep extends ValidationStep {
  RetryStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.RETRY);
  }

  @Override
  ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    AnnotationMirror retry = DecorAnnotations.find(method, TypeNames.RETRY).orElseThrow();
    checkAsyncReturnType(report, method, retry);
    return report;
  }
}
