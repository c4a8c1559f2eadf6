/** Timing statistics of {@link dev.decor.Timed @Timed} methods, and their Micrometer binding. API. */
package dev.decor.timing;
