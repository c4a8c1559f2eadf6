package dev.decor.processor;

import dev.decor.internal.Messages;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/** {@code @NoGrad} and {@code @InferenceMode}: at most one of them per method. */
final class GradStep extends ValidationStep {
  GradStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.NO_GRAD, TypeNames.INFERENCE_MODE);
  }

  @Override
  ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    AnnotationMirror inference = DecorAnnotations.find(method, TypeNames.INFERENCE_MODE).orElse(null);
    if (inference != null && DecorAnnotations.find(method, TypeNames.NO_GRAD).isPresent()) {
      report.error(
          Messages.gradConflict(DecorAnnotations.signature(method, types)), method, inference,
          null);
    }
    return report;
  }
}
