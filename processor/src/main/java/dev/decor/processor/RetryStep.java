package dev.decor.processor;

import static com.google.auto.common.MoreTypes.asTypeElement;

import dev.decor.spec.Messages;
import dev.decor.spec.RetrySpec;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * {@code @Retry}: {@code maxAttempts >= 1}, {@code multiplier >= 1}, {@code jitter} in [0, 1),
 * valid durations, and no class in both {@code retryOn} and {@code ignore} — the checks
 * {@code RetrySpec} makes at run time, with the same messages.
 */
final class RetryStep extends ValidationStep {
  private final Elements elements;

  RetryStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.RETRY);
    this.elements = env.getElementUtils();
  }

  @Override
  ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    AnnotationMirror retry = DecorAnnotations.find(method, TypeNames.RETRY).orElseThrow();

    report.errorOnValue(RetrySpec.checkMaxAttempts(
        DecorAnnotations.intValue(retry, "maxAttempts")), method, retry, "maxAttempts");
    checkDuration(report, method, retry, "delay", false);
    report.errorOnValue(RetrySpec.checkMultiplier(
        DecorAnnotations.doubleValue(retry, "multiplier")), method, retry, "multiplier");
    checkDuration(report, method, retry, "maxDelay", true);
    report.errorOnValue(RetrySpec.checkJitter(
        DecorAnnotations.doubleValue(retry, "jitter")), method, retry, "jitter");

    List<AnnotationValue> retryOn = DecorAnnotations.listValue(retry, "retryOn");
    for (AnnotationValue ignored : DecorAnnotations.listValue(retry, "ignore")) {
      TypeMirror type = (TypeMirror) ignored.getValue();
      boolean inBoth = retryOn.stream()
          .anyMatch(v -> types.isSameType((TypeMirror) v.getValue(), type));
      if (inBoth) {
        String name = elements.getBinaryName(asTypeElement(type)).toString();
        report.error(Messages.retryOnAndIgnore(name), method, retry, ignored);
      }
    }
    return report;
  }
}
