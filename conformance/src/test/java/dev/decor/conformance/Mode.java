package dev.decor.conformance;

import dev.decor.Decorated;
import dev.decor.aspect.Weaving;

/** How the conformance suite gets decorated instances of an annotated fixture class. */
public enum Mode {
  /** The processor's {@code Decorated<Class>} subclass wrapper. */
  GENERATED,
  /** The class itself, woven at build time by the AspectJ Maven plugin. */
  WOVEN_CTW,
  /** The class itself, woven by {@code -javaagent:aspectjweaver.jar} when it is loaded. */
  WOVEN_LTW;

  public boolean woven() {
    return this != GENERATED;
  }

  /**
   * A new decorated instance of {@code type} (no-arg constructor). Fails at once, rather than in
   * every assertion, when the mode is not really in effect in this JVM.
   */
  public <T> T create(Class<T> type) {
    try {
      if (this == GENERATED) {
        Class<?> wrapper = Class.forName(
            type.getPackageName() + ".Decorated" + type.getSimpleName(), true,
            type.getClassLoader());
        if (!Decorated.class.isAssignableFrom(wrapper) || !type.isAssignableFrom(wrapper)) {
          throw new AssertionError(wrapper + " is not a Decorated subclass of " + type);
        }
        return type.cast(wrapper.getDeclaredConstructor().newInstance());
      }
      Weaving.requireWoven(type);
      return type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new AssertionError("decor-processor generated no wrapper for " + type.getName(), e);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate " + type.getName() + " in mode " + this, e);
    }
  }

  /** Which weaver this JVM runs with: {@code compile-time}, {@code load-time} or {@code none}. */
  public static String weavingInThisJvm() {
    return System.getProperty("decor.conformance.weaving", "none");
  }
}
