package dev.decor.processor;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * {@code @Timeout}, beyond its value ({@link ValuesStep}): an asynchronous result must be declared
 * as a type the engine's own future (the caller's stage, failed at the deadline) fits.
 */
final class TimeoutStep extends ValidationStep {
  TimeoutStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.TIMEOUT);
  }

  @Override
  ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    AnnotationMirror timeout = DecorAnnotations.find(method, TypeNames.TIMEOUT).orElseThrow();
    checkAsyncReturnType(report, method, timeout);
    return report;
  }
}
