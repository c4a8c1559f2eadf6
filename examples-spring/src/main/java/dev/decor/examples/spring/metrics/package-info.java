/**
 * decor's Micrometer binding for Spring Boot: timers, cache and retry meters on the context's
 * {@code MeterRegistry}. An auto-configuration, registered in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
package dev.decor.examples.spring.metrics;
