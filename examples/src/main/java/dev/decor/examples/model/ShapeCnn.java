package dev.decor.examples.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * A small convolutional classifier in DJL on the PyTorch engine: three conv / batch-norm / ReLU /
 * max-pool stages (the features), global average pooling and a two-layer head. Trained from scratch; nothing is downloaded.
 *
 * <p>Thread-safety: {@link #forward} may run on many threads at once in evaluation mode (the
 * serving case); training mode updates batch-norm statistics and is for one thread.
 */
public final class ShapeCnn implements Backbone {
  private final Model model;
  private final SequentialBlock features;
  private final int classes;
  private final ParameterStore parameters;
  private volatile boolean training = true; // like a fresh nn.Module

  /** A freshly initialized network for {@code size}×{@code size} grayscale images; {@code seed} fixes the initial weights. */
  public ShapeCnn(int size, int classes, long seed) {
    this.classes = classes;
    this.features = new SequentialBlock().add(stage(16)).add(stage(32)).add(stage(64));
    SequentialBlock net = new SequentialBlock()
        .add(features)
        .add(Pool.globalAvgPool2dBlock()) // position-invariant: where the shape is does not matter
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(64).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(classes).build());
    this.model = Model.newInstance("shape-cnn", "PyTorch");
    model.getNDManager().getEngine().setRandomSeed((int) seed);
    model.setBlock(net);
    net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, size, size));
    this.parameters = new ParameterStore(model.getNDManager(), false);
  }

  /** 3×3 convolution, batch norm, ReLU, 2×2 max-pool: halves the resolution. */
  private static SequentialBlock stage(int filters) {
    return new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build())
        .add(BatchNorm.builder().build())
        .add(Activation::relu)
        .add(Pool.maxPool2dBlock(new Shape(2, 2)));
  }

  @Override
  public NDArray forward(NDArray images) {
    return model.getBlock().forward(parameters, new NDList(images), training).singletonOrThrow();
  }

  @Override
  public void freeze(boolean frozen) {
    features.freezeParameters(frozen, ShapeCnn::isLearned);
  }

  @Override
  public List<Parameter> trainableParameters() {
    return model.getBlock().getParameters().stream()
        .map(Pair::getValue)
        .filter(p -> isLearned(p) && p.requiresGradient())
        .toList();
  }

  /** Weights, biases and batch-norm scales; not batch-norm running statistics. */
  private static boolean isLearned(Parameter p) {
    return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
  }

  @Override
  public void saveParameters(DataOutputStream out) throws IOException {
    model.getBlock().saveParameters(out);
  }

  @Override
  public void loadParameters(DataInputStream in) throws IOException {
    try {
      model.getBlock().loadParameters(model.getNDManager(), in);
    } catch (MalformedModelException e) {
      throw new IOException("not the parameters of this network: " + e.getMessage(), e);
    }
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public NDManager manager() {
    return model.getNDManager();
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public void close() {
    model.close();
  }
}
