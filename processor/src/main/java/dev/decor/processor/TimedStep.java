package dev.decor.processor;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;

/**
 * {@code @Timed}: every value of {@code value} and {@code log} is valid, so this step finds no
 * problems; it keeps the pipeline one step per family, ready for checks the spec may add.
 */
final class TimedStep extends ValidationStep {
  TimedStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.TIMED);
  }

  @Override
  ValidationReport validate(ExecutableElement method) {
    return new ValidationReport();
  }
}
