package dev.decor.processor;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * {@code @CircuitBreaker}, beyond its values ({@link ValuesStep}): an asynchronous result must be
 * declared as a type the engine's own future fits (an open breaker answers with one). Beside
 * {@code @Batched} it is reported by {@link BatchedStep}.
 */
final class CircuitBreakerStep extends ValidationStep {
  CircuitBreakerStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.CIRCUIT_BREAKER);
  }

  @Override
  ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    AnnotationMirror breaker =
        DecorAnnotations.find(method, TypeNames.CIRCUIT_BREAKER).orElseThrow();
    checkAsyncReturnType(report, method, breaker);
    return report;
  }
}
