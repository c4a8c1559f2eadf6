package dev.decor.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Wraps a statement calling {@code Chain.invoke} (declared to throw {@code Throwable}) so that a
 * method rethrows its own exceptions unwrapped:
 *
 * <pre>{@code
 * try {
 *   return (String) $chain_load.invoke(this, () -> super.load(path));
 * } catch (RuntimeException | Error | IOException e) {
 *   throw e;
 * } catch (Throwable t) {
 *   throw new UndeclaredThrowableException(t);
 * }
 * }</pre>
 *
 * Multi-catch alternatives may not be subclasses of each other, so the list is reduced to its
 * most general types; a thrown type variable {@code X} gets {@code catch (Bound e) { throw (X) e;
 * }}; a method that throws {@code Throwable} needs no {@code try} at all.
 */
final class Catches {
  private final JavaTypes java;
  private final Types types;

  Catches(JavaTypes java) {
    this.java = java;
    this.types = java.types;
  }

  CodeBlock wrap(CodeBlock statement, List<? extends TypeMirror> thrown, NameAllocator names) {
    TypeMirror throwable = java.declared(Throwable.class);
    List<TypeMirror> rethrown = new ArrayList<>(
        List.of(java.declared(RuntimeException.class), java.declared(Error.class)));
    List<TypeMirror> typeVariables = new ArrayList<>();
    for (TypeMirror t : thrown) {
      (t.getKind() == TypeKind.TYPEVAR ? typeVariables : rethrown).add(t);
    }
    rethrown = mostGeneral(rethrown);
    if (covers(rethrown, throwable)) {
      return statement;
    }
    String e = names.newName("e");
    CodeBlock.Builder code = CodeBlock.builder()
        .beginControlFlow("try")
        .add(statement)
        .nextControlFlow("catch ($L $N)", rethrown.stream()
            .map(t -> CodeBlock.of("$T", TypeName.get(t)))
            .collect(CodeBlock.joining(" | ")), e)
        .addStatement("throw $N", e);
    List<TypeMirror> caught = new ArrayList<>(rethrown);
    boolean caughtAll = false;
    for (TypeMirror variable : mostGeneralErasures(typeVariables)) {
      TypeMirror bound = types.erasure(variable);
      if (!covers(caught, bound)) {
        code.nextControlFlow("catch ($T $N)", TypeName.get(bound), e)
            .addStatement("throw ($T) $N", TypeName.get(variable), e);
        caught.add(bound);
        caughtAll |= types.isSameType(bound, throwable);
      }
    }
    if (!caughtAll) {
      String t = names.newName("t");
      code.nextControlFlow("catch ($T $N)", Throwable.class, t)
          .addStatement("throw new $T($N)", TypeNames.UNDECLARED_THROWABLE, t);
    }
    return code.endControlFlow().build();
  }

  /** {@code types} without those that are subtypes of another (or duplicates), order kept. */
  private List<TypeMirror> mostGeneral(List<TypeMirror> list) {
    List<TypeMirror> result = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      TypeMirror t = list.get(i);
      boolean subsumed = false;
      for (int j = 0; j < list.size() && !subsumed; j++) {
        TypeMirror u = list.get(j);
        subsumed = j != i && types.isSubtype(t, u) && (!types.isSameType(t, u) || j < i);
      }
      if (!subsumed) {
        result.add(t);
      }
    }
    return result;
  }

  /** Type variables whose erasures are not subtypes of another's erasure. */
  private List<TypeMirror> mostGeneralErasures(List<TypeMirror> variables) {
    List<TypeMirror> erasures = new ArrayList<>();
    variables.forEach(v -> erasures.add(types.erasure(v)));
    List<TypeMirror> kept = mostGeneral(erasures);
    List<TypeMirror> result = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      if (kept.contains(erasures.get(i))) {
        result.add(variables.get(i));
      }
    }
    return result;
  }

  private boolean covers(List<TypeMirror> caught, TypeMirror type) {
    return caught.stream().anyMatch(c -> types.isSubtype(type, c));
  }
}
