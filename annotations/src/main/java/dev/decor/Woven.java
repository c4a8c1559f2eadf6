package dev.decor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says that this class's decor annotations are applied by AspectJ weaving, so the processor
 * generates no {@code Decorated…} wrapper for it and reports none of the wrapper-only errors
 * (private, static or final methods, final classes and records, inaccessible types). Attribute
 * values are still checked. Use it when one module has both generated wrappers and woven
 * classes; {@code -Adecor.wrappers=false} does the same for a whole compilation.
 *
 * <pre>{@code
 * @Woven
 * public final class Fetcher {
 *   @Retry(maxAttempts = 5)
 *   private byte[] fetch(String key) throws IOException { ... }
 * }
 * }</pre>
 *
 * <p>It changes nothing at run time: without a weaver the annotations of such a class do nothing
 * ({@code dev.decor.aspect.Weaving.requireWoven} detects that).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Woven {}
