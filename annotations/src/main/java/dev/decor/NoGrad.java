package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Disables gradient recording for the duration of the call — decor's {@code @torch.no_grad()}.
 *
 * <p>The previous grad mode of the calling thread is restored afterwards, also when the method
 * throws. A method returning an {@link java.util.Iterator}, {@link java.util.stream.Stream} or
 * {@link Iterable} keeps grad disabled around every element it produces, as torch does for
 * decorated generators; the consumer's own code between elements runs in the consumer's mode.
 * See {@link dev.decor.grad.GradMode} for the context-manager form.
 *
 * <p>Invocation contract: the method proceeds exactly once per call.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NoGrad {}
