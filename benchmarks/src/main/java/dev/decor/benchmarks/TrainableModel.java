package dev.decor.benchmarks;

import dev.decor.grad.Trainable;

/** A model with a training flag, for the {@code @InferenceMode} benchmarks. */
public abstract class TrainableModel implements Trainable {
  private boolean training = true;

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }
}
