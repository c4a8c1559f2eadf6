package dev.decor.processor;

import com.google.auto.common.MoreElements;
import com.palantir.javapoet.ClassName;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/** Names of generated wrappers: {@code p.Service} → {@code p.DecoratedService}. */
final class WrapperNames {
  private WrapperNames() {}

  /** {@code Decorated} + the enclosing type names joined by {@code _}: {@code DecoratedOuter_Inner}. */
  static ClassName wrapperName(TypeElement type) {
    Deque<String> names = new ArrayDeque<>();
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      names.addFirst(e.getSimpleName().toString());
    }
    String pkg = MoreElements.getPackage(type).getQualifiedName().toString();
    return ClassName.get(pkg, dev.decor.internal.WrapperNames.simpleName(List.copyOf(names)));
  }
}
