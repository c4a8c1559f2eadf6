package dev.decor.maven;

import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.maven.ClassInfo.EnumValue;
import dev.decor.maven.ClassInfo.MethodInfo;
import dev.decor.maven.DecoratedMethod.Link;
import dev.decor.maven.DecoratedMethod.Mode;
import dev.decor.internal.describe.Attribute;
import dev.decor.internal.describe.Description;
import dev.decor.internal.Messages;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.objectweb.asm.Type;

/**
 * The checks of {@code decor:check} over a module's compiled classes:
 * <ul>
 *   <li>every decor-annotated method is decorated by some mode — woven (decor's aspect marked it
 *       {@code WovenByDecor}) or overridden by the generated wrapper of its class — else
 *       {@code [decor/NotDecorated]} names it: the forgotten weaving or processor set-up that
 *       would otherwise compile and run with no decorator applied;
 *   <li>every annotation value passes the rules of its {@link Description} (the functions the
 *       processor reports and the specs enforce), plus the processor's {@code @Cached} on
 *       {@code void} and {@code @NoGrad} with {@code @InferenceMode} — the same
 *       {@link Messages}, found at build time for woven-only classes the processor never sees.
 * </ul>
 * Generated wrappers themselves (every {@code Decorated} class) carry copies of the annotations
 * and are not reported. Rules that need more than one method's signature (a {@code @Batched}
 * batch method, a shared cache's key types) are left to the processor and to the first call.
 *
 * <p>Not thread-safe; one per check.
 */
final class DecorCheck {
  private final ClassIndex index;
  private final List<DecoratedMethod> methods = new ArrayList<>();
  private final List<String> notDecorated = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  DecorCheck(ClassIndex index) {
    this.index = index;
  }

  /**
   * Reads every class file under {@code directories} into {@code index} (ajc's closures and
   * {@code module-info} aside) and checks those {@code patterns} select.
   */
  static DecorCheck run(ClassIndex index, List<Path> directories, PathPatterns patterns)
      throws IOException {
    List<ClassInfo> selected = new ArrayList<>();
    for (Path directory : directories) {
      for (String file : ClassIndex.classFiles(directory)) {
        if (file.contains(DecorNames.CLOSURE_MARK) || file.endsWith("module-info.class")) {
          continue;
        }
        ClassInfo type = ClassInfo.read(Files.readAllBytes(directory.resolve(file)));
        index.add(type);
        if (patterns.matches(file)) {
          selected.add(type);
        }
      }
    }
    DecorCheck check = new DecorCheck(index);
    selected.forEach(check::check);
    return check;
  }

  /** Checks {@code type}, one of the index's own classes. */
  void check(ClassInfo type) {
    if (index.isSubtype(type.name(), DecorNames.DECORATED)) {
      return;
    }
    String wrapperName = DecorNames.wrapperName(type, index);
    ClassInfo wrapper = wrapperName == null ? null : index.get(wrapperName);
    if (wrapper != null && !index.isSubtype(wrapper.name(), DecorNames.DECORATED)) {
      wrapper = null;
    }
    for (MethodInfo m : type.methods()) {
      if (m.isSynthetic() || decorAnnotations(m).isEmpty()) {
        continue;
      }
      String display = type.simpleName() + "." + signature(m);
      boolean woven = !m.isAbstract() && m.annotations().containsKey(DecorNames.WOVEN_BY_DECOR);
      boolean generated = wrapper != null && overrides(wrapper, m);
      Mode mode = Mode.of(generated, woven);
      if (mode == Mode.NONE) {
        notDecorated.add(display);
      }
      List<Link> chain = new ArrayList<>();
      for (Description<?, ?> d : decorAnnotations(m)) {
        chain.add(link(type, m, d));
      }
      validateMethod(type, m);
      methods.add(new DecoratedMethod(type.className(), display, m.descriptor(), chain, mode));
    }
  }

  /** Every decorated method checked so far, by simple class name and method. */
  List<DecoratedMethod> methods() {
    List<DecoratedMethod> sorted = new ArrayList<>(methods);
    sorted.sort(Comparator.comparing(DecoratedMethod::display)
        .thenComparing(DecoratedMethod::className));
    return sorted;
  }

  /** Every problem found so far: one {@code [decor/NotDecorated]} naming all such methods, then
   *  each invalid value. Empty when the build may go on. */
  List<String> errors() {
    List<String> all = new ArrayList<>();
    if (!notDecorated.isEmpty()) {
      all.add(Messages.notDecorated(String.join(", ", notDecorated.stream().sorted().toList())));
    }
    all.addAll(errors);
    return all;
  }

  /** The decor annotations on {@code m}, in pipeline order. */
  private static List<Description<?, ?>> decorAnnotations(MethodInfo m) {
    List<Description<?, ?>> found = new ArrayList<>();
    for (Description<?, ?> d : DecorNames.descriptions()) {
      if (m.annotations().containsKey(Type.getDescriptor(d.annotationType()))) {
        found.add(d);
      }
    }
    return found;
  }

  private static boolean overrides(ClassInfo wrapper, MethodInfo m) {
    return wrapper.methods().stream().anyMatch(w -> !w.isAbstract() && !w.isSynthetic()
        && w.name().equals(m.name()) && w.descriptor().equals(m.descriptor()));
  }

  private Link link(ClassInfo type, MethodInfo m, Description<?, ?> d) {
    Map<String, Object> raw = m.annotations().get(Type.getDescriptor(d.annotationType()));
    Map<String, Object> values = new LinkedHashMap<>();
    String where = type.className() + "." + signature(m) + ": ";
    for (Attribute<?, ?> a : d.attributes()) {
      Object value = value(d, a.name(), raw);
      values.put(a.name(), value);
      if (value instanceof List<?> classes) {
        List<?> others = a.disjointFrom() == null ? List.of() : (List<?>) value(d, a.disjointFrom(), raw);
        for (Object listed : classes) {
          if (listed instanceof Type t) {
            addError(where, a.checkElement(index.typeRef(t.getInternalName())));
            if (others.contains(t)) {
              addError(where, a.disjointError(t.getClassName()));
            }
          }
        }
      } else {
        addError(where, a.check(value));
      }
    }
    return new Link("@" + d.annotationType().getSimpleName(), d.order().name(), values);
  }

  /** The processor's checks of a method's shape that woven classes also need. */
  private void validateMethod(ClassInfo type, MethodInfo m) {
    String where = type.className() + "." + signature(m) + ": ";
    if (m.annotations().containsKey(Type.getDescriptor(Cached.class))
        && Type.getReturnType(m.descriptor()).equals(Type.VOID_TYPE)) {
      addError(where, Messages.cachedOnVoid(signature(m)));
    }
    if (m.annotations().containsKey(Type.getDescriptor(NoGrad.class))
        && m.annotations().containsKey(Type.getDescriptor(InferenceMode.class))) {
      addError(where, Messages.gradConflict(signature(m)));
    }
  }

  private void addError(String where, String error) {
    if (error != null) {
      errors.add(where + error);
    }
  }

  /**
   * The value of attribute {@code name} — written in the class file, else the annotation's default
   * — in the form {@link Attribute} rules take: boxed primitives and strings as they are, enum
   * constants as constants, classes as {@link Type}s and arrays as lists.
   */
  private static Object value(Description<?, ?> d, String name, Map<String, Object> raw) {
    Method attribute;
    try {
      attribute = d.annotationType().getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(d + " has no attribute " + name, e);
    }
    Object value = raw.containsKey(name) ? raw.get(name) : attribute.getDefaultValue();
    return normalize(value, attribute.getReturnType());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object normalize(Object value, Class<?> type) {
    if (value instanceof Class<?> c) {
      return Type.getType(c);
    }
    if (value instanceof EnumValue e && type.isEnum()) {
      return Enum.valueOf((Class<? extends Enum>) type, e.constant());
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> normalize(v, type.getComponentType())).toList();
    }
    if (value != null && value.getClass().isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        list.add(normalize(Array.get(value, i), type.getComponentType()));
      }
      return list;
    }
    return value;
  }

  /** {@code name(Simple, Types)}: the processor's way of naming a method in its messages. */
  private String signature(MethodInfo m) {
    StringJoiner params = new StringJoiner(", ", m.name() + "(", ")");
    for (Type p : Type.getArgumentTypes(m.descriptor())) {
      params.add(simpleName(p));
    }
    return params.toString();
  }

  private String simpleName(Type type) {
    if (type.getSort() == Type.ARRAY) {
      return simpleName(type.getElementType()) + "[]".repeat(type.getDimensions());
    }
    if (type.getSort() != Type.OBJECT) {
      return type.getClassName();
    }
    ClassInfo info = index.find(type.getInternalName());
    if (info != null) {
      return info.simpleName();
    }
    String name = type.getInternalName();
    return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('$')) + 1);
  }
}
