/**
 * The {@code @Timed} wing. API: {@link dev.decor.timing.Timings} and
 * {@link dev.decor.timing.TimingStats} — the timing statistics of {@link dev.decor.Timed @Timed}
 * methods and their Micrometer binding — and {@link dev.decor.timing.TimedObservationContext}, the
 * context of a call's Observation. Engine-facing (composed by the assembly, not for
 * application code): {@code TimedDecorator}, {@code TimingRegistry}.
 */
package dev.decor.timing;
