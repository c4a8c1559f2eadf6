package dev.decor.fallback;

/**
 * A {@code @Fallback} method, as the engine calls it: the generated wrapper passes a lambda that
 * calls it directly, {@code (self, args, failure) -> ((Service) self).predictOnCpu((float[]) args[0],
 * failure)}; the woven chain a method handle found once; {@code Decorators} the function it is
 * given. Built once per method, never per call.
 *
 * <p>Part of the surface generated code calls (see docs/processor.md).
 */
@FunctionalInterface
public interface FallbackMethod {
  /**
   * Answers for a failed call.
   *
   * @param self the receiver, or null for a static method
   * @param args the call's arguments
   * @param failure what the call failed with, judged as {@code @Fallback} judges it
   * @return the answer the caller gets instead (for a stage-returning method, a value or a stage)
   * @throws Throwable what the fallback threw, which the caller gets unwrapped
   */
  Object call(Object self, Object[] args, Throwable failure) throws Throwable;
}
