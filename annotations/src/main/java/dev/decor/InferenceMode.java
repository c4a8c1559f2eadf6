package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the call in inference mode — decor's {@code with torch.inference_mode(): model.eval()}.
 *
 * <p>As {@link NoGrad}, and if the target object implements {@link dev.decor.grad.Trainable} it
 * is switched to evaluation mode for the call and its <em>previous</em> mode restored afterwards,
 * also when the method throws. Use it alone: it implies {@code @NoGrad}.
 *
 * <p>Invocation contract: the method proceeds exactly once per call.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface InferenceMode {}
