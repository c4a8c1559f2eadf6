/**
 * decor's API: the annotations {@link dev.decor.Timed}, {@link dev.decor.Retry},
 * {@link dev.decor.Cached}, {@link dev.decor.Batched}, {@link dev.decor.Timeout},
 * {@link dev.decor.ConcurrencyLimit}, {@link dev.decor.NoGrad}, {@link dev.decor.InferenceMode};
 * {@link dev.decor.Woven} (this class is woven, write no wrapper);
 * {@link dev.decor.PartialBatchFailure} and {@link dev.decor.DeadlineExceededException}; and the
 * {@link dev.decor.Decorated} marker of generated wrappers.
 *
 * <p>Stacked annotations always apply in one fixed order, outermost first:
 * {@code @Timed → @Cached → @Batched → @Retry → @Timeout → @ConcurrencyLimit →
 * @NoGrad/@InferenceMode → method}.
 */
package dev.decor;
