/**
 * The {@code @Timeout} wing. API: {@link dev.decor.timeout.Timeouts} — how long the calling
 * thread's innermost {@link dev.decor.Timeout @Timeout} call has left. Engine-facing (composed by
 * the assembly, not for application code): {@code TimeoutDecorator}, {@code TimeoutRegistry}.
 * Inside: the engine's one timer thread ({@code Watchdog}) and its entries, a reusable one per
 * thread and nesting level for synchronous calls ({@code Watch}) and one per asynchronous call
 * ({@code StageWatch}).
 */
package dev.decor.timeout;
