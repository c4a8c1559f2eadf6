package dev.decor.examples;

import dev.decor.cache.Caches;
import dev.decor.examples.config.TrainingConfig;
import dev.decor.examples.data.DatasetGenerator;
import dev.decor.examples.data.ImageFolder;
import dev.decor.examples.detect.Footprint;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.Evaluator;
import dev.decor.examples.model.GradProbe;
import dev.decor.examples.model.ModelTrainer;
import dev.decor.examples.model.ShapeCnn;
import dev.decor.examples.model.TrainingSet;
import dev.decor.examples.serve.ClassifierService;
import dev.decor.examples.serve.Prediction;
import dev.decor.examples.serve.Telemetry;
import dev.decor.examples.store.ImageStore;
import dev.decor.examples.store.ObjectStoreServer;
import dev.decor.examples.store.OutageDrill;
import dev.decor.examples.stream.Counter;
import dev.decor.examples.stream.Itertools;
import dev.decor.examples.stream.SlidingWindow;
import dev.decor.grad.GradMode;
import dev.decor.retry.Retries;
import dev.decor.timing.TimingStats;
import dev.decor.timing.Timings;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.PrimitiveIterator;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The main job: generate data if missing → train → evaluate under {@code @InferenceMode} → stream
 * predictions, with repeats, through the decorated service against the flaky object store → an
 * outage of the store, which opens the store client's circuit breaker → report. {@link Main} prints the report; the end-to-end test runs a small setting and asserts on
 * it. Not for concurrent use (training opens the JVM's one {@code GradientCollector}).
 */
public final class MainJob {
  static final String PREDICT = "ClassifierService.predict";
  static final String FETCH = "ImageStore.fetch";
  static final String EVALUATE = "Evaluator.evaluate";

  /**
   * What to run.
   *
   * @param training data and training settings
   * @param failureRate share of object requests the store answers with 503
   * @param maxConsecutiveFailures the store's cap on 503s in a row for one object (below the retry's 5 attempts)
   * @param passes how many times the request stream asks for each test image (2 = every image once more)
   * @param window sliding window size for rolling accuracy
   * @param footprintBoxes boxes measured with JOL
   */
  public record Settings(
      TrainingConfig training, double failureRate, int maxConsecutiveFailures, int passes, int window, int footprintBoxes) {
    public static Settings defaults() {
      return new Settings(TrainingConfig.defaults(), 0.2, 3, 2, 32, 1_000_000);
    }
  }

  private MainJob() {}

  /** Runs the whole job; progress lines go to {@code out}. */
  public static JobReport run(Settings settings, PrintStream out) throws IOException, InterruptedException {
    TrainingConfig config = settings.training();
    Telemetry telemetry = Telemetry.bindNew();
    for (String name : List.of(PREDICT, FETCH, EVALUATE)) { // start from zero if run twice in one JVM
      Timings.reset(name);
      Caches.clear(name);
    }
    boolean generated = prepareData(config);
    ImageFolder train = new ImageFolder(config.trainDir());
    ImageFolder test = new ImageFolder(config.testDir());

    Counter<String> labelCounts;
    try (Stream<Path> files = train.files()) {
      labelCounts = files.map(p -> p.getParent().getFileName().toString()).collect(Counter.collector());
    }
    long totalPixels = train.totalPixels();
    out.printf("data: %s %s (%d train images, %s, %,d pixels)%n",
        generated ? "generated" : "reused", config.dataDir(), labelCounts.total(), labelCounts.asSortedMap(), totalPixels);

    try (Backbone model = new ShapeCnn(config.imageSize(), config.labels().size(), config.seed())) {
      TrainingSet data = TrainingSet.load(train, config.labels(), config.imageSize());
      ModelTrainer.Report training = ModelTrainer.train(model, data, config, progress(out));

      Evaluator evaluator = Services.evaluator(model, config.labels(), config.imageSize(), 64);
      Evaluator.Result evaluation = evaluator.evaluate(test);
      out.printf("eval: accuracy %.1f%% (%d/%d held-out images)%n",
          100 * evaluation.accuracy(), evaluation.correct(), evaluation.total());

      ClassifierService service = Services.classifier(model, config.labels(), config.imageSize());
      LongAdder retries = new LongAdder();
      watchRetries(FETCH, retry -> retry.getEventPublisher().onRetry(e -> retries.increment()));
      try (ObjectStoreServer server = ObjectStoreServer.start(
          config.testDir(), settings.failureRate(), settings.maxConsecutiveFailures(), config.seed())) {
        ImageStore store = Services.imageStore(server.uri());
        Requests requests = streamPredictions(settings, model, service, store, out);

        Map<String, TimingStats> timings = new LinkedHashMap<>();
        Map<String, OptionalDouble> p99 = new LinkedHashMap<>();
        timings.put(PREDICT, Timings.stats(PREDICT));
        p99.put(PREDICT, telemetry.p99Millis(ClassifierService.class, "predict"));
        timings.put(FETCH, Timings.stats(FETCH));
        p99.put(FETCH, telemetry.p99Millis(ImageStore.class, "fetch"));
        timings.put(EVALUATE, Timings.stats(EVALUATE));
        p99.put(EVALUATE, telemetry.p99Millis(Evaluator.class, "evaluate"));
        Map<String, String> decoration = Map.of(
            "ClassifierService", Services.decoration(service),
            "Evaluator", Services.decoration(evaluator),
            "ImageStore", Services.decoration(store));
        // The stream's counts, before the outage drill adds its own 503s and retries.
        long retried = retries.sum();
        long injected = server.injectedFailures();
        long unavailable = store.unavailableAnswers();
        OutageDrill.Result outage = OutageDrill.run(server, store, store.list().get(0));
        out.printf("outage: %d fetches failed (%d requests answered 503), then the breaker opened;"
                + " %d fetches refused with %d requests sent; store back: %s after %d probe fetch(es)%n",
            outage.failedFetches(), outage.failedRequests(), outage.refusedFetches(),
            outage.requestsWhileOpen(), outage.stateAfter(), outage.probes());
        return new JobReport(decoration, generated, labelCounts.asSortedMap(), totalPixels, training, evaluation,
            evaluator.gradChecks(), requests.predictions(), requests.correct(), settings.window(),
            requests.minRollingAccuracy(), service.gradChecks(), requests.restored(), Caches.stats(PREDICT), timings,
            p99, requests.fetched(), requests.fetchFailures(), retried, injected, unavailable,
            Footprint.measure(settings.footprintBoxes()), outage);
      }
    }
  }

  /** What the request stream saw. */
  private record Requests(
      int predictions, int correct, int restored, long fetched, long fetchFailures, double minRollingAccuracy) {}

  /**
   * Asks for every test image {@code passes} times: fetch from the store, predict, compare with
   * the label, and check that grad mode and the training flag are as before each call.
   */
  private static Requests streamPredictions(Settings settings, Backbone model, ClassifierService service,
      ImageStore store, PrintStream out) throws IOException, InterruptedException {
    SlidingWindow<Boolean> window = new SlidingWindow<>(settings.window());
    PrimitiveIterator.OfLong requestIds = Itertools.count(1); // zip(count(1), requests)
    int predictions = 0;
    int correct = 0;
    int restored = 0;
    long fetched = 0;
    long fetchFailures = 0;
    double minRolling = 1.0;
    model.setTraining(true); // as after training: @InferenceMode must switch to eval and back
    for (Iterator<String> it = requests(store.list(), settings.passes(), settings.training().seed()); it.hasNext(); ) {
      String key = it.next();
      long id = requestIds.nextLong();
      byte[] bytes;
      try {
        bytes = store.fetch(key);
        fetched++;
      } catch (IOException e) {
        fetchFailures++;
        out.printf("request %d: %s failed after retries: %s%n", id, key, e);
        continue;
      }
      boolean gradBefore = GradMode.isEnabled();
      boolean torchBefore = GradProbe.torchGradEnabled();
      boolean trainingBefore = model.isTraining();
      Prediction prediction = service.predict(bytes);
      if (GradMode.isEnabled() == gradBefore && GradProbe.torchGradEnabled() == torchBefore
          && model.isTraining() == trainingBefore) {
        restored++;
      }
      predictions++;
      boolean ok = prediction.label().equals(labelOf(key));
      correct += ok ? 1 : 0;
      window.add(ok);
      if (window.isFull()) {
        minRolling = Math.min(minRolling, window.count(b -> b) / (double) window.size());
      }
    }
    return new Requests(predictions, correct, restored, fetched, fetchFailures, minRolling);
  }

  /** Writes the train and test sets unless they are there; true if anything was written. */
  static boolean prepareData(TrainingConfig config) {
    boolean wroteTrain = DatasetGenerator.generateIfMissing(
        config.trainDir(), config.labels(), config.imagesPerClass(), config.imageSize(), config.seed());
    boolean wroteTest = DatasetGenerator.generateIfMissing(
        config.testDir(), config.labels(), config.testImagesPerClass(), config.imageSize(), config.seed() + 1);
    return wroteTrain || wroteTest;
  }

  /** Every key once, then again in shuffled order for each further pass — the repeats hit the cache. */
  static Iterator<String> requests(List<String> keys, int passes, long seed) {
    List<String> order = new ArrayList<>(keys);
    Random random = new Random(seed);
    return Stream.iterate(0, pass -> pass < passes, pass -> pass + 1)
        .flatMap(pass -> {
          List<String> copy = new ArrayList<>(order);
          if (pass > 0) {
            Collections.shuffle(copy, random);
          }
          return copy.stream();
        })
        .iterator();
  }

  /** The label of key {@code circle/circle-00001.png}: its folder. */
  static String labelOf(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  /** Calls {@code subscriber} with the named retry now if it exists, else when it is created. */
  static void watchRetries(String name, Consumer<Retry> subscriber) {
    Retries.get(name).ifPresentOrElse(subscriber, () -> Retries.registry().getEventPublisher().onEntryAdded(e -> {
      if (e.getAddedEntry().getName().equals(name)) {
        subscriber.accept(e.getAddedEntry());
      }
    }));
  }

  private static Consumer<ModelTrainer.EpochStats> progress(PrintStream out) {
    return e -> out.printf("train: epoch %d/%d %s loss %.3f, accuracy %5.1f%%, %s%n", e.epoch(), e.epochs(),
        Console.bar(e.epoch(), e.epochs(), 20), e.loss(), 100 * e.accuracy(), Console.duration(e.nanos()));
  }
}
