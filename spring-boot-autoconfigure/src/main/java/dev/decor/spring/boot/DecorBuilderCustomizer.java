package dev.decor.spring.boot;

import dev.decor.engine.Decor;

/**
 * Adjusts the {@link Decor.Builder} the auto-configuration builds the application's engine from,
 * after it has applied the context's {@code MeterRegistry}, shared tier and {@code decor.*}
 * properties — as Boot's own {@code *Customizer} beans do for the parts it configures.
 *
 * <pre>{@code
 * @Bean
 * DecorBuilderCustomizer instantRetriesInTests() {
 *   return builder -> builder.instantRetries();
 * }
 * }</pre>
 *
 * <p>Called once, on the thread that creates the engine bean; ordered by {@code @Order}.
 */
@FunctionalInterface
public interface DecorBuilderCustomizer {
  /** Changes {@code builder} before the engine is built. */
  void customize(Decor.Builder builder);
}
