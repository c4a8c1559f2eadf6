/**
 * decor's Spring Boot auto-configuration (API): {@link dev.decor.spring.boot.DecorProperties}
 * ({@code decor.*}), {@link dev.decor.spring.boot.DecorBuilderCustomizer} to adjust the engine,
 * {@link dev.decor.spring.boot.DecorLifecycle} (the engine's life in the context) and
 * {@link dev.decor.spring.boot.DecoratedBeans} (generated wrappers as beans, the start-up check).
 * Boot finds {@link dev.decor.spring.boot.DecorAutoConfiguration} through
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 * See docs/spring-boot.md.
 */
package dev.decor.spring.boot;
