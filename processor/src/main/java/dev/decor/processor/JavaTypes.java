package dev.decor.processor;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The compiler's type utilities, and the JDK types the processor's checks and generators compare
 * with ({@code Throwable}, {@code CompletionStage}, {@code ByteBuffer}…), looked up by class in one
 * place rather than by a name string at each use.
 */
final class JavaTypes {
  final Types types;
  final Elements elements;

  JavaTypes(ProcessingEnvironment env) {
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
  }

  /** The type {@code c} declares, generic as declared ({@code CompletionStage<T>}). */
  TypeMirror declared(Class<?> c) {
    return elements.getTypeElement(c.getCanonicalName()).asType();
  }

  /** The erasure of {@code c}, what checks on erased types compare with. */
  TypeMirror erased(Class<?> c) {
    return types.erasure(declared(c));
  }

  /** Whether {@code thrown} is unchecked: a {@code RuntimeException} or an {@code Error}. */
  boolean isUnchecked(TypeMirror thrown) {
    return types.isSubtype(thrown, declared(RuntimeException.class))
        || types.isSubtype(thrown, declared(Error.class));
  }
}
