package dev.decor.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What the plugin reads from one class file, without loading it: its supertypes, its place among
 * nested classes, its annotations and its methods' annotations with their values. Values are in
 * ASM's form ({@code Integer}, {@code Double}, {@code Boolean}, {@code String}, {@link Type} for a
 * class), with arrays as {@link List}s and enum constants as {@link EnumValue}s. Immutable.
 */
record ClassInfo(
    String name,
    String superName,
    List<String> interfaces,
    int access,
    String outerName,
    String innerName,
    boolean isLocalOrAnonymous,
    Set<String> annotations,
    List<MethodInfo> methods) {

  /** One method: its name, descriptor, access flags and annotations (descriptor → values). */
  record MethodInfo(String name, String descriptor, int access,
      Map<String, Map<String, Object>> annotations) {
    boolean isAbstract() {
      return (access & Opcodes.ACC_ABSTRACT) != 0;
    }

    boolean isSynthetic() {
      return (access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0;
    }
  }

  /** An enum constant in an annotation value. */
  record EnumValue(String descriptor, String constant) {}

  /** Parses {@code bytes} (code, frames and debug information skipped). */
  static ClassInfo read(byte[] bytes) {
    Reader reader = new Reader();
    new ClassReader(bytes).accept(
        reader, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return reader.build();
  }

  /** The simple name as javac gives it ({@code Inner} for {@code p/Outer$Inner}). */
  String simpleName() {
    if (innerName != null) {
      return innerName;
    }
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** {@code "p/q/"} for {@code p/q/Service}; empty in the unnamed package. */
  String packagePrefix() {
    return name.substring(0, name.lastIndexOf('/') + 1);
  }

  /** The binary name, as {@link Class#getName()} gives it. */
  String className() {
    return name.replace('/', '.');
  }

  boolean isInterface() {
    return (access & Opcodes.ACC_INTERFACE) != 0;
  }

  /** The superclass and the interfaces this class names directly. */
  List<String> supertypes() {
    List<String> supertypes = new ArrayList<>(interfaces);
    if (superName != null) {
      supertypes.add(0, superName);
    }
    return supertypes;
  }

  /**
   * The classes this class's weave can depend on besides its own bytes: its supertypes and the
   * types its methods take and return (internal names, arrays unwrapped, primitives left out).
   */
  Set<String> signatureTypes() {
    Set<String> types = new LinkedHashSet<>(supertypes());
    for (MethodInfo m : methods) {
      Type method = Type.getMethodType(m.descriptor());
      addType(types, method.getReturnType());
      for (Type argument : method.getArgumentTypes()) {
        addType(types, argument);
      }
    }
    types.remove(name);
    return types;
  }

  private static void addType(Set<String> types, Type type) {
    Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
    if (element.getSort() == Type.OBJECT) {
      types.add(element.getInternalName());
    }
  }

  /** Collects one class file's parts. */
  private static final class Reader extends ClassVisitor {
    private String name;
    private String superName;
    private List<String> interfaces = List.of();
    private int access;
    private String outerName;
    private String innerName;
    private boolean localOrAnonymous;
    private final Set<String> annotations = new LinkedHashSet<>();
    private final List<MethodInfo> methods = new ArrayList<>();

    Reader() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      this.name = name;
      this.superName = superName;
      this.interfaces = List.of(interfaces == null ? new String[0] : interfaces);
      this.access = access;
    }

    @Override
    public void visitInnerClass(String name, String outerName, String innerName, int access) {
      if (name.equals(this.name)) {
        this.outerName = outerName;
        this.innerName = innerName;
        this.localOrAnonymous = outerName == null;
      }
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      annotations.add(descriptor);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
        String[] exceptions) {
      Map<String, Map<String, Object>> methodAnnotations = new LinkedHashMap<>();
      methods.add(new MethodInfo(name, descriptor, access, methodAnnotations));
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          Map<String, Object> values = new LinkedHashMap<>();
          methodAnnotations.put(annotation, values);
          return new Values(values::put);
        }
      };
    }

    ClassInfo build() {
      return new ClassInfo(name, superName, interfaces, access, outerName, innerName,
          localOrAnonymous, Set.copyOf(annotations), List.copyOf(methods));
    }
  }

  /** Annotation values into a sink, arrays as lists; nested annotations are not decor's and skipped. */
  private static final class Values extends AnnotationVisitor {
    interface Sink {
      void put(String name, Object value);
    }

    private final Sink sink;

    Values(Sink sink) {
      super(Opcodes.ASM9);
      this.sink = sink;
    }

    @Override
    public void visit(String name, Object value) {
      sink.put(name, value);
    }

    @Override
    public void visitEnum(String name, String descriptor, String value) {
      sink.put(name, new EnumValue(descriptor, value));
    }

    @Override
    public AnnotationVisitor visitArray(String name) {
      List<Object> elements = new ArrayList<>();
      sink.put(name, elements);
      return new Values((ignored, value) -> elements.add(value));
    }
  }
}
