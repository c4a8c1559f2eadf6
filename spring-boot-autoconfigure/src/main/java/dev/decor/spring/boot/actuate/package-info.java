/**
 * decor in Spring Boot Actuator (API): the {@code /actuator/decor} endpoint
 * ({@link dev.decor.spring.boot.actuate.DecorEndpoint}) and the {@code decor} health component
 * ({@link dev.decor.spring.boot.actuate.DecorHealth}, reported through Boot 4's or Boot 3's
 * health API, whichever the application runs on).
 */
package dev.decor.spring.boot.actuate;
