package dev.decor.examples.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.decor.examples.config.TrainingConfig;
import dev.decor.grad.GradMode;
import dev.decor.grad.GradScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link Backbone} with Adam and softmax cross-entropy — the Python loop
 * {@code with autograd: loss = f(model(x), y); loss.backward()}, then
 * {@code with torch.no_grad(): opt.step()}, in DJL with a {@link GradientCollector}.
 *
 * <p>Only one {@code GradientCollector} may be open per JVM, so only one training may run at a
 * time in a process; this class is not meant for concurrent use.
 */
public final class ModelTrainer {
  /** One epoch's mean loss and training accuracy. */
  public record EpochStats(int epoch, int epochs, double loss, double accuracy, long nanos) {}

  /**
   * The outcome: per-epoch stats, total time, and how many optimizer steps ran with gradient
   * recording on (in decor and in libtorch) and the model in training mode — all of them, if the
   * grad bookkeeping is right.
   */
  public record Report(List<EpochStats> epochs, long nanos, int steps, int stepsWithGradOn, int stepsInTrainingMode) {
    public EpochStats last() {
      return epochs.get(epochs.size() - 1);
    }
  }

  private ModelTrainer() {}

  /** Trains {@code model} on {@code data} as {@code config} says; {@code progress} sees each epoch. */
  public static Report train(Backbone model, TrainingSet data, TrainingConfig config, Consumer<EpochStats> progress) {
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) config.learningRate())).build();
    Random random = new Random(config.seed());
    int[] order = new int[data.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    List<EpochStats> epochs = new ArrayList<>();
    int steps = 0;
    int withGrad = 0;
    int inTraining = 0;
    long start = System.nanoTime();
    model.setTraining(true);
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      shuffle(order, random);
      double lossSum = 0;
      int correct = 0;
      for (int from = 0; from < order.length; from += config.batchSize()) {
        int n = Math.min(config.batchSize(), order.length - from);
        try (NDManager batch = model.manager().newSubManager()) {
          NDArray x = batch.create(pixels(data, order, from, n), new Shape(n, 1, data.imageSize(), data.imageSize()));
          NDArray y = batch.create(oneHot(data, order, from, n, model.classes()), new Shape(n, model.classes()));
          NDArray logits;
          NDArray loss;
          try (GradientCollector collector = batch.getEngine().newGradientCollector()) {
            withGrad += GradMode.isEnabled() && JniUtils.isGradMode() ? 1 : 0;
            inTraining += model.isTraining() ? 1 : 0;
            logits = model.forward(x);
            loss = logits.logSoftmax(1).mul(y).sum().neg().div(n);
            collector.backward(loss);
          }
          step(adam, model.trainableParameters());
          steps++;
          lossSum += loss.getFloat() * n;
          correct += countCorrect(logits, y);
        }
      }
      EpochStats stats = new EpochStats(epoch, config.epochs(), lossSum / order.length,
          correct / (double) order.length, System.nanoTime() - epochStart);
      epochs.add(stats);
      progress.accept(stats);
    }
    return new Report(List.copyOf(epochs), System.nanoTime() - start, steps, withGrad, inTraining);
  }

  /** Applies the gradients and clears them, outside the graph ({@code with torch.no_grad(): ...}). */
  private static void step(Optimizer optimizer, List<Parameter> parameters) {
    try (GradScope noGrad = GradMode.noGrad()) {
      for (Parameter p : parameters) {
        NDArray weight = p.getArray();
        try (NDArray grad = weight.getGradient()) {
          optimizer.update(p.getId(), weight, grad);
          grad.subi(grad); // zero_grad()
        }
      }
    }
  }

  static int countCorrect(NDArray logits, NDArray oneHot) {
    NDArray hits = logits.argMax(1).eq(oneHot.argMax(1));
    return (int) hits.toType(DataType.INT64, false).sum().getLong();
  }

  private static float[] pixels(TrainingSet data, int[] order, int from, int n) {
    int stride = data.imageSize() * data.imageSize();
    float[] out = new float[n * stride];
    for (int i = 0; i < n; i++) {
      data.copyPixels(order[from + i], out, i * stride);
    }
    return out;
  }

  private static float[] oneHot(TrainingSet data, int[] order, int from, int n, int classes) {
    float[] out = new float[n * classes];
    for (int i = 0; i < n; i++) {
      out[i * classes + data.target(order[from + i])] = 1f;
    }
    return out;
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
