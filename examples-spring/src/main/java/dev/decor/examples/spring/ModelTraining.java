package dev.decor.examples.spring;

import dev.decor.examples.config.TrainingConfig;
import dev.decor.examples.model.ModelTrainer;
import dev.decor.examples.model.TrainingSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Trains the model at start-up — after Tomcat has bound its port (so a taken port fails before
 * any training) and before Spring Boot reports the app ready ({@code /actuator/health/readiness}
 * is {@code OUT_OF_SERVICE} meanwhile, and {@code /predict} answers 503). Runs once, on the main
 * thread: only one DJL {@code GradientCollector} may be open per JVM. {@link #isReady} is
 * thread-safe.
 */
public class ModelTraining implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(ModelTraining.class);

  private final TrainingData data;
  private final ShapeModel model;
  private final TrainingConfig config;
  private volatile ModelTrainer.Report report;

  public ModelTraining(TrainingData data, ShapeModel model, TrainingConfig config) {
    this.data = data;
    this.model = model;
    this.config = config;
  }

  @Override
  public void run(ApplicationArguments args) {
    TrainingSet set = data.load(config);
    log.info("training on {} images from {}, {} epochs", set.count(), config.trainDir(), config.epochs());
    ModelTrainer.Report done = ModelTrainer.train(model.backbone(), set, config, e -> log.info(
        "epoch {}/{}: loss {}, accuracy {}%", e.epoch(), e.epochs(),
        String.format("%.3f", e.loss()), String.format("%.1f", 100 * e.accuracy())));
    model.setTraining(false);
    String weights = model.serveCurrentWeights();
    report = done;
    log.info("model trained in {} ms; serving predictions with {}", done.nanos() / 1_000_000, weights);
  }

  /** True once training has finished. */
  public boolean isReady() {
    return report != null;
  }

  /** The training report, or null while training. */
  public ModelTrainer.Report report() {
    return report;
  }
}
