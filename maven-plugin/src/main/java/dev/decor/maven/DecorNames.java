package dev.decor.maven;

import dev.decor.Decorated;
import dev.decor.internal.WrapperNames;
import dev.decor.internal.describe.Description;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.Type;

/**
 * What the plugin knows about decor's other modules, in one place: the artifacts it looks for,
 * how the aspect marks a woven method, how the processor names and marks a wrapper, and where the
 * annotation descriptions come from. When one of those moves, this is the class to change.
 *
 * <p>Only the annotations module is on the plugin's class path. Its kernel ({@link Description}s,
 * {@code Attribute} rules, {@code Messages}, {@code TypeRef}: not API, in
 * {@code dev.decor.internal}) is used here, by {@code DecorCheck} and by {@code ClassIndex}'s type
 * view, nowhere else. The aspect's and the processor's conventions are spelled here as names, so
 * the plugin loads neither the engine nor the user's classes.
 */
final class DecorNames {
  private DecorNames() {}

  static final String GROUP_ID = "dev.decor";
  /** The aspect library {@code decor:weave} weaves in. */
  static final String ASPECT_ARTIFACT = "decor-aspectj";
  static final String ASPECTJ_GROUP_ID = "org.aspectj";
  /** What woven code calls at run time; it must be on the project's class path. */
  static final String ASPECTJ_RUNTIME = "aspectjrt";

  /** Internal name of the interface every generated wrapper implements. */
  static final String DECORATED = Type.getInternalName(Decorated.class);
  /**
   * Descriptor of the marker decor's aspect declares ({@code declare @method}) on every
   * decor-annotated method its weaver reaches ({@code dev.decor.aspect.WovenByDecor}).
   */
  static final String WOVEN_BY_DECOR = "Ldev/decor/aspect/WovenByDecor;";
  /** ajc names the closure classes of a woven class {@code Outer$AjcClosure<n>}. */
  static final String CLOSURE_MARK = "$AjcClosure";

  /** Every decor annotation, in pipeline order (outermost first). */
  static List<Description<?, ?>> descriptions() {
    return Description.all();
  }

  /**
   * The internal name of the wrapper the processor generates for {@code type} — {@code Decorated}
   * plus the enclosing simple names joined by {@code _}, in the same package
   * ({@code p/Outer$Inner} → {@code p/DecoratedOuter_Inner}) — or null for a local or anonymous
   * class, which has none.
   */
  static String wrapperName(ClassInfo type, ClassIndex index) {
    if (type.isLocalOrAnonymous()) {
      return null;
    }
    Deque<String> names = new ArrayDeque<>(List.of(type.simpleName()));
    for (ClassInfo c = type; c.outerName() != null; ) {
      c = index.get(c.outerName());
      if (c == null || c.isLocalOrAnonymous()) {
        return null; // an enclosing class the processor never saw with this one
      }
      names.addFirst(c.simpleName());
    }
    return type.packagePrefix() + WrapperNames.simpleName(List.copyOf(names));
  }
}
