package dev.decor.engine;

/**
 * The decorated method's own body, as the front ends pass it to {@link Chain#invoke}: a lambda
 * calling {@code super.m(args)} (generated wrappers) or {@code pjp::proceed} (aspects).
 */
@FunctionalInterface
public interface Invocation {
  Object proceed() throws Throwable;
}
