package dev.decor.processor;

import static com.google.auto.common.MoreTypes.asTypeElement;

import com.palantir.javapoet.ClassName;
import dev.decor.internal.describe.Attribute;
import dev.decor.internal.describe.Description;
import dev.decor.internal.TypeRef;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * Every attribute value of every decor annotation, checked by the rules its {@link Description}
 * gives (the functions the specs enforce at run time, so the messages are the same), each
 * reported on the offending value. Runs also for {@code @Woven} classes.
 */
final class ValuesStep extends ValidationStep {
  ValuesStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, TypeNames.DECOR_ANNOTATIONS.toArray(new ClassName[0]));
  }

  @Override
  ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    for (Description<?, ?> description : Description.all()) {
      DecorAnnotations.find(method, description).ifPresent(mirror -> {
        for (Attribute<?, ?> attribute : description.attributes()) {
          check(report, method, mirror, attribute);
        }
      });
    }
    return report;
  }

  private void check(ValidationReport report, ExecutableElement method, AnnotationMirror mirror,
      Attribute<?, ?> attribute) {
    Object value = DecorAnnotations.value(mirror, attribute.name()).getValue();
    if (!(value instanceof List)) {
      report.errorOnValue(attribute.check(value), method, mirror, attribute.name());
      return;
    }
    List<AnnotationValue> classes = DecorAnnotations.listValue(mirror, attribute.name());
    if (!classes.isEmpty() && !(classes.get(0).getValue() instanceof TypeMirror)) {
      // percentiles, slo: each listed value checked alone, so the error points at it
      for (AnnotationValue listed : classes) {
        Object v = listed.getValue();
        String error = attribute.check(v instanceof Double d
            ? new double[] {d} : new String[] {(String) v});
        if (error != null) {
          report.error(error, method, mirror, listed);
        }
      }
      return;
    }
    List<AnnotationValue> others = attribute.disjointFrom() == null
        ? List.of()
        : DecorAnnotations.listValue(mirror, attribute.disjointFrom());
    for (AnnotationValue listed : classes) {
      TypeMirror type = (TypeMirror) listed.getValue();
      String error = attribute.checkElement(typeRef(type));
      if (error != null) {
        report.error(error, method, mirror, listed);
      }
      if (others.stream().anyMatch(v -> types.isSameType((TypeMirror) v.getValue(), type))) {
        report.error(attribute.disjointError(typeRef(type).name()), method, mirror, listed);
      }
    }
  }

  /** The compile-time view of a class named in an annotation value. */
  private TypeRef typeRef(TypeMirror type) {
    return new TypeRef() {
      @Override
      public String name() {
        return java.elements.getBinaryName(asTypeElement(type)).toString();
      }

      @Override
      public boolean isSubtypeOf(Class<?> c) {
        return types.isSubtype(type, java.declared(c));
      }
    };
  }
}
