/**
 * API: the decorator engine every front end calls.
 *
 * <ul>
 *   <li>{@link dev.decor.engine.Decor} — an engine as an object (its registries, clock, retry
 *       waits, MeterRegistry), and the global one annotated methods run on;
 *   <li>{@link dev.decor.engine.Decorators} — decor without annotations, for lambdas and code you
 *       don't own; {@link dev.decor.engine.Batcher} — {@code @Batched} as an object;
 *   <li>the small, binary-stable surface generated wrappers and the aspect call:
 *       {@link dev.decor.engine.Chains}, {@link dev.decor.engine.Chain},
 *       {@link dev.decor.engine.MethodKey}, {@link dev.decor.engine.Invocation},
 *       {@link dev.decor.engine.BatchMethod} (listed in docs/processor.md, checked by the
 *       processor's {@code GeneratedSurfaceTest}).
 * </ul>
 *
 * <p>Decorators, caches, keys and registries are package-private. Not API although public (the
 * {@code dev.decor.grad} facade and {@code decor-djl} call them across packages; to be made
 * package-private): {@code GradState}, {@code GradScopes}, {@code GradRegions},
 * {@code ModelThreads}, {@code VirtualThreads}, {@code GradMessages}.
 */
package dev.decor.engine;
