package dev.decor.config;

/**
 * Where the effective value of a decorator's attribute came from, lowest precedence first: a
 * source later in this order overrides every earlier one (docs/configuration.md says why).
 */
public enum Source {
  /** The annotation's default: nothing set the attribute, or it was set to its default value. */
  DEFAULT,
  /**
   * The annotation's value ({@code Decorators}, {@code Decor.chain} and {@code Decor.batch}: the
   * spec the code built).
   */
  ANNOTATION,
  /** {@code Decor.builder().override(…)} or {@code .overrides(…)}: code, or a framework's properties. */
  BUILDER,
  /** An environment variable {@code DECOR_METHODS_…}, {@code DECOR_CACHES_…}, … */
  ENVIRONMENT,
  /** A system property {@code -Ddecor.methods.…}, {@code -Ddecor.caches.…}, … */
  SYSTEM_PROPERTY,
  /** Changed while running, through {@code Decor.tune}: applies from the next batch or call. */
  LIVE
}
