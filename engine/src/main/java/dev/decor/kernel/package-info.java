/**
 * Not API. The kernel every wing of the engine stands on: a method's identity
 * ({@code MethodKey}), its body ({@code Invocation}), how its result is treated
 * ({@code ReturnKind}), the stage contract ({@code Next}: what a decorator calls to go on inward),
 * how waits pass ({@code Sleeper}, {@code Scheduler}), the calling thread's call deadlines
 * ({@code Deadline}: set by {@code @Timeout}, readable by the stages inside it), whether a thread
 * is virtual on any Java version ({@code VirtualThreads}), the Observation of a decorated call
 * that stages inside it mark ({@code CallContext}: a retry's event, a cache's hit), how a failure is
 * judged ({@code Failures}), the user classes a chain creates and checks ({@code UserClasses}), the
 * meters a wing counts rarely or reads when scraped ({@code RareCounter}, {@code LatestGauge}), and
 * where the wings' static facades find the global engine ({@code GlobalEngine}). It imports no
 * other package of the engine.
 *
 * <p>{@code MethodKey} and {@code Invocation} are also part of the surface generated code calls
 * (docs/processor.md).
 */
package dev.decor.kernel;
