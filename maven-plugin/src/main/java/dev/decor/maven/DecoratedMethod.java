package dev.decor.maven;

import java.util.List;
import java.util.Map;

/**
 * One decor-annotated method as {@code decor:check} found it in the compiled classes: where it is,
 * its chain in the order the engine applies it, and which mode decorates it.
 *
 * @param className binary name of the declaring class
 * @param display {@code SimpleClass.method(ParamTypes)}, as decor's messages name methods
 * @param descriptor the method's JVM descriptor
 * @param chain its decorators, outermost first
 * @param mode what decorates it
 */
record DecoratedMethod(String className, String display, String descriptor, List<Link> chain,
    Mode mode) {

  DecoratedMethod {
    chain = List.copyOf(chain);
  }

  /**
   * One decorator of a chain: the annotation's simple name, its place in the fixed order and every
   * attribute's value (the defaults included), in declaration order.
   */
  record Link(String annotation, String order, Map<String, Object> values) {}

  /** Which front ends decorate a method. */
  enum Mode {
    /** A generated {@code Decorated…} wrapper overrides it. */
    GENERATED("generated"),
    /** decor's aspect was woven into it. */
    WOVEN("woven"),
    /** Both; each call is decorated once (the aspect skips wrapper receivers). */
    GENERATED_AND_WOVEN("generated+woven"),
    /** Neither: its annotations do nothing. */
    NONE("none");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    static Mode of(boolean generated, boolean woven) {
      return generated ? (woven ? GENERATED_AND_WOVEN : GENERATED) : (woven ? WOVEN : NONE);
    }

    /** The name in the report and in {@code decorated.json}. */
    String label() {
      return label;
    }
  }
}
