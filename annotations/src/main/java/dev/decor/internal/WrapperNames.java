package dev.decor.internal;

import java.util.List;

/**
 * The name of the wrapper the processor generates for a class (SPEC: mode 1), in one place for
 * the three parts that must agree on it: the processor writes {@code p.DecoratedOuter_Inner}
 * for {@code p.Outer.Inner}, the build plugin looks it up in class files, and the Spring Boot
 * starter instantiates it. Not API.
 */
public final class WrapperNames {
  private WrapperNames() {}

  /**
   * The wrapper's simple name: {@code Decorated} and the simple names of the class and the classes
   * enclosing it, outermost first, joined by {@code _}.
   */
  public static String simpleName(List<String> outermostFirst) {
    return "Decorated" + String.join("_", outermostFirst);
  }
}
