/**
 * Not API. AspectJ aspects that apply decor's annotations by weaving; all behaviour is in
 * {@link dev.decor.internal}. May change in any release.
 *
 * <p>Compile-time weaving lists {@code decor-runtime} under the AspectJ Maven plugin's
 * {@code aspectLibraries}; load-time weaving runs with {@code -javaagent:aspectjweaver.jar} and
 * picks up {@code META-INF/aop.xml} from this jar. {@link dev.decor.aspect.Weaving} checks at
 * startup that a weaver actually reached your classes.
 */
package dev.decor.aspect;
