package dev.decor.examples;

import dev.decor.cache.CacheStats;
import dev.decor.examples.config.TrainingConfig;
import dev.decor.examples.data.ImageFolder;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.GradProbe;
import dev.decor.examples.model.ModelTrainer;
import dev.decor.examples.model.ShapeCnn;
import dev.decor.examples.model.TrainingSet;
import dev.decor.examples.serve.PredictionServer;
import dev.decor.examples.serve.Telemetry;
import dev.decor.examples.store.OutageDrill;
import dev.decor.timing.TimingStats;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;

/**
 * decor's sample app. {@code java dev.decor.examples.Main [--data DIR] [--epochs N] [--failure-rate R]}
 * runs the main job and prints its summary; {@code Main serve [--port P]} trains, then serves
 * {@code POST /predict} and {@code GET /metrics} on localhost until stopped.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Deque<String> rest = new ArrayDeque<>();
    for (String a : args) { // -Dexamples.args="serve --port 9000" arrives as one argument
      for (String part : a.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          rest.add(part);
        }
      }
    }
    boolean serve = "serve".equals(rest.peekFirst());
    if (serve) {
      rest.removeFirst();
    }
    MainJob.Settings settings = MainJob.Settings.defaults();
    TrainingConfig config = settings.training();
    int port = 8080;
    double failureRate = settings.failureRate();
    while (!rest.isEmpty()) {
      String option = rest.removeFirst();
      String value = rest.pollFirst();
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      switch (option) {
        case "--data" -> config = config.withDataDir(Path.of(value));
        case "--epochs" -> config = config.withEpochs(Integer.parseInt(value));
        case "--failure-rate" -> failureRate = Double.parseDouble(value);
        case "--port" -> port = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + option
            + "; use [serve] [--data DIR] [--epochs N] [--failure-rate R] [--port P]");
      }
    }
    settings = new MainJob.Settings(config, failureRate, settings.maxConsecutiveFailures(), settings.passes(),
        settings.window(), settings.footprintBoxes());
    if (serve) {
      serve(config, port);
    } else {
      long start = System.nanoTime();
      JobReport report = MainJob.run(settings, System.out);
      printSummary(report, System.out);
      System.out.printf("total: %s%n", Console.duration(System.nanoTime() - start));
    }
  }

  /** Prints the job's summary table. */
  static void printSummary(JobReport r, PrintStream out) {
    out.println();
    out.println("== summary ==");
    ModelTrainer.Report t = r.training();
    r.decoration().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        out.printf("decorators   %-18s %s%n", e.getKey(), e.getValue()));
    out.printf("training     %d epochs, %d steps in %s; final loss %.3f, train accuracy %.1f%%%n",
        t.epochs().size(), t.steps(), Console.duration(t.nanos()), t.last().loss(), 100 * t.last().accuracy());
    out.printf("accuracy     %.1f%% on %d held-out images (chance %.1f%%); errors by label %s%n",
        100 * r.evaluation().accuracy(), r.evaluation().total(), 100.0 / r.labelCounts().size(),
        r.evaluation().errorsByLabel().asSortedMap());
    out.printf("predictions  %d through the store, %.1f%% correct; worst rolling accuracy over %d: %.1f%%%n",
        r.predictions(), 100.0 * r.correctPredictions() / Math.max(1, r.predictions()), r.window(),
        100 * r.minRollingAccuracy());
    out.println("timings      name                        count       mean        max        p99");
    for (Map.Entry<String, TimingStats> e : r.timings().entrySet()) {
      TimingStats s = e.getValue();
      OptionalDouble p99 = r.p99Millis().getOrDefault(e.getKey(), OptionalDouble.empty());
      out.printf("             %-26s %6d %10s %10s %10s%n", e.getKey(), s.count(), Console.duration(s.meanNanos()),
          Console.duration(s.maxNanos()), p99.isPresent() ? Console.duration(p99.getAsDouble() * 1e6) : "-");
    }
    CacheStats c = r.predictCache();
    out.printf("cache        %s: %d hits, %d misses, size %d/%d%n", MainJob.PREDICT, c.hits(), c.misses(), c.size(),
        c.maxSize());
    out.printf("retries      %s: %d retries hid %d injected 503s (client saw %d); %d fetches ok, %d failed%n",
        MainJob.FETCH, r.retries(), r.injectedFailures(), r.unavailableSeen(), r.fetches(), r.fetchFailures());
    OutageDrill.Result o = r.outage();
    out.printf("breaker      %s: store down: %d fetches failed (%d requests), then OPEN: %d fetches refused,"
            + " %d requests sent; store back: %s after %d probe fetch(es)%n",
        MainJob.FETCH, o.failedFetches(), o.failedRequests(), o.refusedFetches(), o.requestsWhileOpen(),
        o.stateAfter(), o.probes());
    out.printf("grad         training: grad on (decor + libtorch) in %d/%d steps, model training in %d/%d%n",
        t.stepsWithGradOn(), t.steps(), t.stepsInTrainingMode(), t.steps());
    out.printf("             evaluate: %s%n", describe(r.evaluationGrad()));
    out.printf("             predict:  %s%n", describe(r.predictGrad()));
    out.printf("             after predict: grad mode and training flag restored after %d/%d calls%n",
        r.stateRestoredAfterPredict(), r.predictions());
    out.printf("memory       %,d boxes: Detections (struct of arrays) %.1f bytes/box, BoundingBox[] %.1f bytes/box%n",
        r.footprint().boxes(), r.footprint().structOfArraysBytesPerBox(), r.footprint().recordsBytesPerBox());
    boolean ok = r.evaluation().accuracy() > 0.9 && r.fetchFailures() == 0 && r.predictGrad().allInference()
        && o.requestsWhileOpen() == 0 && o.stateAfter() == CircuitBreaker.State.CLOSED
        && r.evaluationGrad().allInference() && t.stepsWithGradOn() == t.steps()
        && r.stateRestoredAfterPredict() == r.predictions()
        && !r.decoration().containsValue(Services.NOT_DECORATED);
    out.println("checks       " + (ok ? "all passed" : "FAILED — see above"));
  }

  private static String describe(GradProbe.Checks c) {
    return String.format("%d calls; grad on in %d (decor) / %d (libtorch); model in training mode in %d%s",
        c.calls(), c.decorGradOn(), c.torchGradOn(), c.trainingMode(), c.allInference() ? " — inference mode held" : "");
  }

  /** Trains, then serves until the JVM is stopped. */
  static void serve(TrainingConfig config, int port) throws Exception {
    Telemetry telemetry = Telemetry.bindNew();
    MainJob.prepareData(config);
    Backbone model = new ShapeCnn(config.imageSize(), config.labels().size(), config.seed());
    TrainingSet data = TrainingSet.load(new ImageFolder(config.trainDir()), config.labels(), config.imageSize());
    ModelTrainer.train(model, data, config, e -> System.out.printf("train: epoch %d/%d %s loss %.3f%n",
        e.epoch(), e.epochs(), Console.bar(e.epoch(), e.epochs(), 20), e.loss()));
    model.setTraining(false);
    PredictionServer server = PredictionServer.start(
        Services.classifier(model, config.labels(), config.imageSize()), telemetry, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      model.close();
      stopped.countDown();
    }));
    Path sample = config.testDir().resolve(config.labels().get(0)).toAbsolutePath();
    System.out.println("serving on " + server.uri() + " — try:");
    System.out.printf("  curl --data-binary @%s/%s-00000.png %spredict%n", sample, config.labels().get(0), server.uri());
    System.out.println("  curl " + server.uri() + "metrics");
    stopped.await();
  }
}
