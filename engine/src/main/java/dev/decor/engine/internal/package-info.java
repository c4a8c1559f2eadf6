/**
 * Not API. For generated code and the aspect only — the engine's assembly: {@code Chain} (one
 * decorated method's decorators, what generated wrappers keep in a {@code static final} field and
 * the aspect keeps per join point), {@code Chains} (builds them), {@code Pipeline} (the fixed
 * order, one stage method per position) and {@code Engine} (one engine's parts, behind the API's
 * {@code Decor}).
 *
 * <p>The members generated code calls are listed in docs/processor.md and guarded by the
 * processor's {@code GeneratedSurfaceTest}; they stay binary-compatible within a major version, as
 * {@code dagger.internal} does. Nothing else here is for application code.
 */
package dev.decor.engine.internal;
