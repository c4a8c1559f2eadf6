package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;

import dev.decor.internal.Messages;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * {@code @ConcurrencyLimit}, beyond its values ({@link ValuesStep}): an asynchronous result must be
 * declared as a type a failed future of the engine's fits (a rejection), and the methods of this
 * compilation that name one {@code group} must give it the same {@code value}
 * ({@code [decor/ConcurrencyLimitGroup]}, on the later method's {@code value}). Methods compiled
 * apart are checked by the engine when their chains join the group.
 */
final class ConcurrencyLimitStep extends DecoratorStep {
  /** The first method seen per group, across the rounds of this compilation. */
  private final Map<String, First> groups = new HashMap<>();

  private record First(String method, int value) {}

  ConcurrencyLimitStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.CONCURRENCY_LIMIT);
  }

  @Override
  void check(ValidationReport report, ExecutableElement method, AnnotationMirror limit) {
    String group = (String) DecorAnnotations.value(limit, "group").getValue();
    if (!group.isEmpty()) {
      int value = (Integer) DecorAnnotations.value(limit, "value").getValue();
      String name = asType(method.getEnclosingElement()).getSimpleName() + "."
          + DecorAnnotations.signature(method, types);
      First first = groups.putIfAbsent(group, new First(name, value));
      if (first != null && first.value() != value) {
        report.errorOnValue(Messages.concurrencyLimitGroup(group, name, value, first.method(),
            first.value()), method, limit, "value");
      }
    }
  }
}
