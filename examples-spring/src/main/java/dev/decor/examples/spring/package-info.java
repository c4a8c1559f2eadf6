/**
 * The sample shape classifier as a Spring Boot service (docs/spring.md).
 *
 * <p>Part of decor's sample apps; not API.
 */
package dev.decor.examples.spring;
