package dev.decor.kernel;

/**
 * The rest of a method's chain, as one decorator stage sees it: what the stage calls to go on
 * inward (zero times for a cache hit, once, or once per retry attempt). The assembly hands each
 * stage the continuation of its position, built once per chain, so the call is monomorphic.
 */
@FunctionalInterface
public interface Next {
  /**
   * Runs the stages inside this one, then the body.
   *
   * @param self the receiver, or null for a static method
   * @param args the arguments, or null when no stage needs them
   * @param body the method's own body
   * @return what the inner stages return
   * @throws Throwable exactly what they throw
   */
  Object proceed(Object self, Object[] args, Invocation body) throws Throwable;
}
