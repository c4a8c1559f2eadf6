/**
 * decor's API: the annotations {@link dev.decor.Timed}, {@link dev.decor.Retry},
 * {@link dev.decor.Cached}, {@link dev.decor.NoGrad}, {@link dev.decor.InferenceMode}, and the
 * {@link dev.decor.Decorated} marker of generated wrappers.
 *
 * <p>Stacked annotations always apply in one fixed order, outermost first:
 * {@code @Timed → @Cached → @Retry → @NoGrad/@InferenceMode → method}.
 */
package dev.decor;
