package dev.decor.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * The key class of one {@code @Cached} method, nested in its wrapper: a final subclass of the
 * engine's {@code CacheKey} with the parameters as fields and {@code equals}/{@code hashCode}
 * written out for their types, so that a hit builds one object the JIT can take apart, and two
 * keys compare field by field.
 *
 * <pre>{@code
 * private static final class $Key_label extends CacheKey {
 *   private final int id;
 *   private final String lang;
 *
 *   $Key_label(Object $self, int id, String lang) {
 *     super($self);
 *     this.id = id;
 *     this.lang = lang;
 *   }
 *
 *   static CacheKey of(Object $self, Object[] $args) {     // the chain's miss path
 *     return new $Key_label($self, (int) $args[0], (String) $args[1]);
 *   }
 *
 *   public int hashCode() { ... 31 * h + Integer.hashCode(id) ... Objects.hashCode(lang) }
 *   public boolean equals(Object $o) { ... id == $k.id && Objects.equals(lang, $k.lang) && sameReceiver($k) }
 *   protected Object[] parts() { return new Object[] {id, part(lang)}; }
 * }
 * }</pre>
 *
 * Values keep the engine's semantics exactly: primitives compare as their boxes do
 * ({@code floatToIntBits} for {@code float}/{@code double}); a parameter that may hold an array or
 * a {@code ByteBuffer} at run time (an array, {@code ByteBuffer}, {@code Object}, …) keeps
 * {@code part(arg)}, the engine's content digest, instead of the argument.
 */
final class CacheKeyClass {
  private final JavaTypes java;
  private final Types types;

  CacheKeyClass(JavaTypes java) {
    this.java = java;
    this.types = java.types;
  }

  /** {@code $Key_<m>} for the chain field {@code $chain_<m>}. */
  static String name(String chainField) {
    return "$Key_" + chainField.substring("$chain_".length());
  }

  /** One parameter as the key holds it. */
  private record Field(String name, TypeName type, TypeKind kind, boolean content) {
    boolean primitive() {
      return kind.isPrimitive();
    }
  }

  private List<Field> fields(ExecutableElement method) {
    List<Field> fields = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      TypeMirror erased = types.erasure(p.asType());
      boolean content = !erased.getKind().isPrimitive() && mayHoldContent(erased);
      fields.add(new Field(p.getSimpleName().toString(),
          content ? ClassName.OBJECT : TypeName.get(erased), erased.getKind(), content));
    }
    return fields;
  }

  /**
   * Whether an argument declared {@code erased} may be an array or a {@code ByteBuffer} at run
   * time, which the engine keys by a digest of its contents.
   */
  private boolean mayHoldContent(TypeMirror erased) {
    TypeMirror intArray = types.getArrayType(types.getPrimitiveType(TypeKind.INT));
    return erased.getKind() == TypeKind.ARRAY || types.isAssignable(intArray, erased)
        || types.isAssignable(java.declared(ByteBuffer.class), erased);
  }

  /**
   * Whether a parameter is declared an array or a {@code ByteBuffer}, keyed by a digest of its
   * contents: then the engine answers no hit before the chain (a miss would digest twice), and
   * the wrapper builds no key of its own (the engine's {@code MethodKey.contentKeyedArguments}).
   */
  boolean contentKeyed(ExecutableElement method) {
    for (VariableElement p : method.getParameters()) {
      TypeMirror erased = types.erasure(p.asType());
      if (erased.getKind() == TypeKind.ARRAY
          || types.isSubtype(erased, java.declared(ByteBuffer.class))) {
        return true;
      }
    }
    return false;
  }

  /** The nested key class of {@code method}. */
  TypeSpec keyClass(ExecutableElement method, String name) {
    List<Field> fields = fields(method);
    NameAllocator names = new NameAllocator();
    fields.forEach(f -> names.newName(f.name(), f));
    String receiver = names.newName("$self");
    String args = names.newName("$args");
    String other = names.newName("$o");
    String key = names.newName("$k");
    String hash = names.newName("$h");

    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addParameter(Object.class, receiver)
        .addStatement("super($N)", receiver);
    CodeBlock.Builder factoryArgs = CodeBlock.builder().add("$N", receiver);
    CodeBlock.Builder hashCode = CodeBlock.builder()
        .addStatement("int $N = receiverHash()", hash);
    List<CodeBlock> equal = new ArrayList<>();
    List<CodeBlock> equalReferences = new ArrayList<>();
    List<CodeBlock> parts = new ArrayList<>();
    TypeSpec.Builder type = TypeSpec.classBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .superclass(TypeNames.CACHE_KEY);
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      type.addField(f.type(), f.name(), Modifier.PRIVATE, Modifier.FINAL);
      constructor.addParameter(f.type(), f.name());
      constructor.addStatement(f.content() ? "this.$N = part($N)" : "this.$N = $N", f.name(),
          f.name());
      if (f.type().equals(ClassName.OBJECT)) {
        factoryArgs.add(", $N[$L]", args, i);
      } else {
        factoryArgs.add(", ($T) $N[$L]", f.type(), args, i);
      }
      hashCode.addStatement("$N = 31 * $N + $L", hash, hash, hash(f));
      (f.primitive() ? equal : equalReferences).add(equals(f, key)); // cheap comparisons first
      parts.add(f.primitive() || f.content() ? CodeBlock.of("$N", f.name())
          : CodeBlock.of("part($N)", f.name()));
    }
    equal.addAll(equalReferences);
    equal.add(CodeBlock.of("sameReceiver($N)", key));
    return type
        .addMethod(constructor.build())
        .addMethod(MethodSpec.methodBuilder("of")
            .addModifiers(Modifier.STATIC)
            .returns(TypeNames.CACHE_KEY)
            .addParameter(Object.class, receiver)
            .addParameter(Object[].class, args)
            .addStatement("return new $N($L)", name, factoryArgs.build())
            .build())
        .addMethod(MethodSpec.methodBuilder("hashCode")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(int.class)
            .addCode(hashCode.addStatement("return $N", hash).build())
            .build())
        .addMethod(MethodSpec.methodBuilder("equals")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(boolean.class)
            .addParameter(Object.class, other)
            .beginControlFlow("if (!($N instanceof $N))", other, name)
            .addStatement("return false")
            .endControlFlow()
            .addStatement("$N $N = ($N) $N", name, key, name, other)
            .addStatement("return $L", CodeBlock.join(equal, "\n$>$>&& $<$<"))
            .build())
        .addMethod(MethodSpec.methodBuilder("parts")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PROTECTED)
            .returns(Object[].class)
            .addStatement("return new $T[] {$L}", Object.class, CodeBlock.join(parts, ", "))
            .build())
        .build();
  }

  /** {@code new $Key_m(self, a, b)}: the key of the wrapper's current call. */
  static CodeBlock newKey(String name, CodeBlock self, ExecutableElement method) {
    CodeBlock.Builder code = CodeBlock.builder().add("new $N($L", name, self);
    method.getParameters().forEach(p -> code.add(", $N", p.getSimpleName().toString()));
    return code.add(")").build();
  }

  /** {@code Integer.hashCode(id)} for a primitive (its box's hash), else {@code Objects.hashCode}. */
  private static CodeBlock hash(Field f) {
    return CodeBlock.of("$T.hashCode($N)", f.primitive() ? f.type().box() : TypeNames.OBJECTS,
        f.name());
  }

  /** Equal as the boxed values would be: {@code floatToIntBits} for floating point. */
  private static CodeBlock equals(Field f, String key) {
    return switch (f.kind()) {
      case FLOAT -> CodeBlock.of("$T.floatToIntBits($N) == $T.floatToIntBits($N.$N)", Float.class,
          f.name(), Float.class, key, f.name());
      case DOUBLE -> CodeBlock.of("$T.doubleToLongBits($N) == $T.doubleToLongBits($N.$N)",
          Double.class, f.name(), Double.class, key, f.name());
      case INT, LONG, BOOLEAN, CHAR, SHORT, BYTE -> CodeBlock.of("$N == $N.$N", f.name(), key,
          f.name());
      default -> CodeBlock.of("$T.equals($N, $N.$N)", TypeNames.OBJECTS, f.name(), key, f.name());
    };
  }
}
