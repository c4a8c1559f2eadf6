package dev.decor.aspect;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method decor's aspect has woven (not to be confused with {@link dev.decor.Woven}, which a user writes on a class). The aspect declares it ({@code declare @method}) on
 * every method carrying a decor annotation that the weaver reaches, at compile time or at load
 * time, so {@link Weaving} can tell a woven class from one the weaver never saw. It also marks
 * ({@code declare @type}) each woven class with such methods, whose chains the aspect then builds
 * when the class is initialised. Never write it yourself: on a method no weaver reached it would
 * hide that decor is inactive there.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface WovenByDecor {}
