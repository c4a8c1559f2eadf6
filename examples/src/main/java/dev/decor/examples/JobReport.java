package dev.decor.examples;

import dev.decor.cache.CacheStats;
import dev.decor.examples.detect.Footprint;
import dev.decor.examples.model.Evaluator;
import dev.decor.examples.model.GradProbe;
import dev.decor.examples.model.ModelTrainer;
import dev.decor.examples.store.OutageDrill;
import dev.decor.timing.TimingStats;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything the main job measured — printed by {@link Main}, asserted on by the end-to-end test.
 *
 * @param decoration how each decorated class got its decorators, by simple class name
 * @param generated whether the dataset was written in this run
 * @param labelCounts training images per label ({@code Counter})
 * @param totalPixels pixels in all training images (a stream reduction)
 * @param training epochs, time and grad checks of the training loop
 * @param evaluation held-out accuracy
 * @param evaluationGrad grad mode seen inside {@code @InferenceMode} evaluation, per batch
 * @param predictions how many predictions the request stream made
 * @param correctPredictions how many of them were right
 * @param minRollingAccuracy the lowest accuracy over any window of {@code window} consecutive requests
 * @param predictGrad grad mode seen inside {@code predict} (misses only)
 * @param stateRestoredAfterPredict calls after which grad mode and the training flag were as before
 * @param predictCache the {@code predict} cache's stats
 * @param timings {@code @Timed} stats by decor name
 * @param p99Millis the Micrometer p99 by decor name, where known
 * @param fetches {@code ImageStore.fetch} calls that returned
 * @param fetchFailures fetch calls that threw (retries exhausted)
 * @param retries retry events resilience4j published for {@code ImageStore.fetch} (request stream)
 * @param injectedFailures 503s the store sent on purpose (request stream)
 * @param unavailableSeen 503s the client saw (request stream)
 * @param footprint bytes per box of the two detection layouts
 * @param outage what {@code ImageStore.fetch}'s circuit breaker did while the store was down
 */
public record JobReport(
    Map<String, String> decoration,
    boolean generated,
    Map<String, Long> labelCounts,
    long totalPixels,
    ModelTrainer.Report training,
    Evaluator.Result evaluation,
    GradProbe.Checks evaluationGrad,
    int predictions,
    int correctPredictions,
    int window,
    double minRollingAccuracy,
    GradProbe.Checks predictGrad,
    int stateRestoredAfterPredict,
    CacheStats predictCache,
    Map<String, TimingStats> timings,
    Map<String, OptionalDouble> p99Millis,
    long fetches,
    long fetchFailures,
    long retries,
    long injectedFailures,
    long unavailableSeen,
    Footprint.Result footprint,
    OutageDrill.Result outage) {}
