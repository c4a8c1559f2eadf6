package dev.decor.processor;

import com.google.auto.common.MoreElements;
import com.palantir.javapoet.ClassName;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/** Names of generated wrappers: {@code p.Service} → {@code p.DecoratedService}. */
final class WrapperNames {
  private WrapperNames() {}

  /** {@code Decorated} + the enclosing type names joined by {@code _}: {@code DecoratedOuter_Inner}. */
  static ClassName wrapperName(TypeElement type) {
    StringBuilder simple = new StringBuilder(type.getSimpleName());
    for (Element e = type.getEnclosingElement(); e instanceof TypeElement;
        e = e.getEnclosingElement()) {
      simple.insert(0, e.getSimpleName() + "_");
    }
    String pkg = MoreElements.getPackage(type).getQualifiedName().toString();
    return ClassName.get(pkg, "Decorated" + simple);
  }
}
