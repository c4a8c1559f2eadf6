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
 * <p>Nothing else here is public: decorators, caches, keys and registries are package-private
 * (a test, {@code EnginePublicTypesTest}, fails the build if another public type appears). The
 * {@code @NoGrad}/{@code @InferenceMode} stage enters grad mode through the public
 * {@link dev.decor.grad.GradRegion} API; the grad implementation (per-thread state, model
 * threads, per-model region counts) is package-private in {@code dev.decor.grad}.
 */
package dev.decor.engine;
