package dev.decor.processor;

import static com.google.auto.common.MoreTypes.asTypeElement;

import dev.decor.internal.KeyType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * The compile-time view of a parameter type for the shared-key rule ({@link KeyType#unstable}),
 * so the processor refuses exactly what the engine's run-time view refuses. A record's parts are
 * its components' types as members of the written type ({@code Box<String>}'s {@code T value} is a
 * {@code String}), computed on demand so that a record containing itself stays finite.
 */
final class MirrorKeyType implements KeyType {
  private static final Set<String> BOXES = Set.of(
      "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
      "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double");

  private final TypeMirror type;
  private final Types types;

  MirrorKeyType(TypeMirror type, Types types) {
    this.type = type;
    this.types = types;
  }

  @Override
  public Kind kind() {
    if (type.getKind().isPrimitive()) {
      return Kind.PRIMITIVE;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return Kind.ARRAY;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return Kind.OTHER; // type variables, wildcards, types that did not resolve
    }
    TypeElement element = asTypeElement(type);
    String name = element.getQualifiedName().toString();
    if (BOXES.contains(name)) {
      return Kind.BOXED;
    } else if (name.equals(String.class.getName())) {
      return Kind.STRING;
    } else if (name.equals(ByteBuffer.class.getName())) {
      return Kind.BYTE_BUFFER;
    } else if (element.getKind() == ElementKind.ENUM) {
      return Kind.ENUM;
    } else if (element.getKind() == ElementKind.RECORD) {
      return Kind.RECORD;
    }
    return Kind.OTHER;
  }

  @Override
  public String displayName() {
    return display(type);
  }

  @Override
  public String name() {
    return type.getKind() == TypeKind.DECLARED
        ? asTypeElement(type).getQualifiedName().toString()
        : types.erasure(type).toString();
  }

  @Override
  public List<KeyType> parts() {
    return switch (kind()) {
      case ARRAY -> List.of(new MirrorKeyType(((ArrayType) type).getComponentType(), types));
      case RECORD -> components().stream()
          .map(c -> (KeyType) new MirrorKeyType(componentType(c), types))
          .collect(Collectors.toUnmodifiableList());
      default -> List.of();
    };
  }

  @Override
  public List<String> partNames() {
    return kind() != Kind.RECORD ? List.of() : components().stream()
        .map(c -> c.getSimpleName().toString())
        .collect(Collectors.toUnmodifiableList());
  }

  private List<? extends RecordComponentElement> components() {
    return asTypeElement(type).getRecordComponents();
  }

  /** The component's type in the written type: {@code T} of {@code Box<String>} is a String. */
  private TypeMirror componentType(RecordComponentElement component) {
    if (component.getAccessor() == null) {
      return component.asType();
    }
    return ((ExecutableType) types.asMemberOf((DeclaredType) type, component.getAccessor()))
        .getReturnType();
  }

  /** {@code Map<String, Integer>}, {@code float[][]}, {@code T}: simple names, as users write them. */
  private static String display(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return display(((ArrayType) type).getComponentType()) + "[]";
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        String name = declared.asElement().getSimpleName().toString();
        return declared.getTypeArguments().isEmpty() ? name : declared.getTypeArguments().stream()
            .map(MirrorKeyType::display)
            .collect(Collectors.joining(", ", name + "<", ">"));
      case TYPEVAR:
        return ((TypeVariable) type).asElement().getSimpleName().toString();
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        return wildcard.getExtendsBound() != null ? "? extends " + display(wildcard.getExtendsBound())
            : wildcard.getSuperBound() != null ? "? super " + display(wildcard.getSuperBound())
            : "?";
      default:
        return type.getKind().isPrimitive()
            ? type.getKind().name().toLowerCase(Locale.ROOT)
            : type.toString();
    }
  }
}
