package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;

import dev.decor.spec.FallbackSpec;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * {@code @Fallback}, beyond its values ({@link ValuesStep}): the method it names exists in the
 * same class and fits ({@link FallbackResolver}, {@code [decor/FallbackSignature]} on the
 * {@code method} value), and an asynchronous result is declared as a type the engine's own future
 * fits. A class that gets a wrapper cannot use a private fallback; a woven class can.
 */
final class FallbackStep extends DecoratorStep {
  private final FallbackResolver resolver;
  private final boolean wrappers;

  FallbackStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.FALLBACK);
    this.resolver = new FallbackResolver(java);
    this.wrappers = WrapperStep.wrappersEnabled(env);
  }

  @Override
  void check(ValidationReport report, ExecutableElement method, AnnotationMirror fallback) {
    String name = (String) DecorAnnotations.value(fallback, "method").getValue();
    if (FallbackSpec.checkMethod(name) != null) {
      return; // ValuesStep reports the value
    }
    boolean subclassCalls = wrappers && !WrapperStep.isWoven(asType(method.getEnclosingElement()));
    report.errorOnValue(resolver.resolve(method, subclassCalls).error(), method, fallback,
        "method");
  }
}
