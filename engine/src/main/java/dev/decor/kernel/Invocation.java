package dev.decor.kernel;

/**
 * The decorated method's own body, as the front ends pass it to {@code Chain.invoke}: a lambda
 * calling {@code super.m(args)} (generated wrappers) or {@code proceed(..)} (the aspect).
 *
 * <p>Part of the surface generated code and the aspect call (see docs/processor.md).
 */
@FunctionalInterface
public interface Invocation {
  Object proceed() throws Throwable;
}
