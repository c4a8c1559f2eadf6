/**
 * decor's weaving front end (mode 2): the same annotations applied in place by AspectJ, with all
 * behaviour in {@link dev.decor.engine}.
 *
 * <ul>
 *   <li>{@link dev.decor.aspect.Weaving} is API: a start-up check that weaving really reached your
 *       classes.
 *   <li>{@link dev.decor.aspect.DecorAspect} is not API: AspectJ finds it through
 *       {@code META-INF/aop.xml} (load-time weaving, {@code -javaagent:aspectjweaver.jar}) or the
 *       AspectJ Maven plugin's {@code aspectLibraries} (compile-time weaving). It may change in any
 *       release.
 * </ul>
 *
 * <p>Setup, snippets and troubleshooting: {@code docs/aspectj.md}.
 */
package dev.decor.aspect;
