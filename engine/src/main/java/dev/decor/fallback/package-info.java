/**
 * The {@code @Fallback} wing. It has no state to read beyond its meter
 * ({@code decor.fallback.calls}, see {@code FallbackRegistry}). {@link dev.decor.fallback.FallbackMethod}
 * is part of the surface generated code calls; engine-facing (composed by the assembly, not for
 * application code): {@code FallbackDecorator}, {@code FallbackRegistry}, {@code FallbackMethods}
 * (the woven chain's lookup).
 */
package dev.decor.fallback;
