package dev.decor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.examples.config.TrainingConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole main job on a small setting: real data, real training, real HTTP, real decorators. */
class MainJobEndToEndTest {
  @Test
  void mainJobTrainsServesFromTheFlakyStoreAndKeepsGradModeRight(@TempDir Path dir) throws Exception {
    TrainingConfig training = new TrainingConfig(dir, List.of("circle", "square", "triangle"), 60, 20, 32, 10, 16, 0.003, 7);
    MainJob.Settings settings = new MainJob.Settings(training, 0.3, 3, 2, 16, 10_000);
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    JobReport r = MainJob.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8));

    System.out.print(log.toString(StandardCharsets.UTF_8)); // the job's progress lines, in the test report
    assertThat(r.decoration()).containsOnly(
        Map.entry("ClassifierService", "generated wrapper DecoratedClassifierService (processor)"),
        Map.entry("ImageStore", "woven in place (AspectJ, compile time)"),
        Map.entry("Evaluator", "woven in place (AspectJ, compile time)"));
    assertThat(r.generated()).isTrue();
    assertThat(r.labelCounts()).containsValues(60L, 60L, 60L);
    assertThat(r.totalPixels()).isEqualTo(180L * 32 * 32);
    // accuracy well above chance (1/3)
    assertThat(r.evaluation().total()).isEqualTo(60);
    assertThat(r.evaluation().accuracy()).as(log.toString(StandardCharsets.UTF_8)).isGreaterThan(0.8);
    assertThat(r.correctPredictions()).isGreaterThan((int) (0.8 * r.predictions()));
    // every image twice: the repeats are cache hits
    assertThat(r.predictions()).isEqualTo(120);
    assertThat(r.predictCache().misses()).isEqualTo(60);
    assertThat(r.predictCache().hits()).isEqualTo(60);
    assertThat(r.timings().get(MainJob.PREDICT).count()).isEqualTo(120);
    assertThat(r.p99Millis().get(MainJob.PREDICT)).isPresent();
    // the store failed ~30% of requests; retries hid every failure
    assertThat(r.injectedFailures()).isPositive();
    assertThat(r.fetchFailures()).isZero();
    assertThat(r.fetches()).isEqualTo(120);
    assertThat(r.retries()).isEqualTo(r.injectedFailures()).isEqualTo(r.unavailableSeen());
    // the store's usual 503s left the breaker closed; an outage opened it: fetches were refused
    // without a request, and it closed again once the store was back
    assertThat(r.outage().failedFetches()).isPositive();
    assertThat(r.outage().failedRequests()).as("at most a window of 20").isBetween(1L, 20L);
    assertThat(r.outage().refusedFetches()).isEqualTo(5);
    assertThat(r.outage().requestsWhileOpen()).isZero();
    assertThat(r.outage().stateAfter()).isEqualTo(CircuitBreaker.State.CLOSED);
    // grad on in every training step; off (and the model in eval mode) in every predict and evaluation batch
    assertThat(r.training().stepsWithGradOn()).isEqualTo(r.training().steps()).isPositive();
    assertThat(r.training().stepsInTrainingMode()).isEqualTo(r.training().steps());
    assertThat(r.predictGrad().calls()).isEqualTo(60);
    assertThat(r.predictGrad().allInference()).isTrue();
    assertThat(r.evaluationGrad().allInference()).isTrue();
    assertThat(r.stateRestoredAfterPredict()).isEqualTo(r.predictions());
    assertThat(r.footprint().structOfArraysBytesPerBox()).isLessThanOrEqualTo(24.0);

    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    Main.printSummary(r, new PrintStream(summary, true, StandardCharsets.UTF_8));
    assertThat(summary.toString(StandardCharsets.UTF_8))
        .contains("cache        ClassifierService.predict: 60 hits, 60 misses")
        .contains("checks       all passed");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("train: epoch 10/10 [####################]");
  }
}
