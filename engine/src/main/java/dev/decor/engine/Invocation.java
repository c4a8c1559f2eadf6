package dev.decor.engine;

import dev.decor.grad.GradBlock;

/**
 * The decorated method's own body, as the front ends pass it to {@link Chain#invoke}: a lambda
 * calling {@code super.m(args)} (generated wrappers) or {@code pjp::proceed} (aspects).
 */
@FunctionalInterface
public interface Invocation extends GradBlock<Object, Throwable> {
  Object proceed() throws Throwable;

  /**
   * The body as a {@link GradBlock}, so grad decorators hand it to
   * {@link dev.decor.grad.GradRegion#call} as it is, without an adapter object per call.
   */
  @Override
  default Object call() throws Throwable {
    return proceed();
  }
}
