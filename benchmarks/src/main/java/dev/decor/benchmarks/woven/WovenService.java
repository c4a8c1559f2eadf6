package dev.decor.benchmarks.woven;

import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.benchmarks.Kernel;
import dev.decor.benchmarks.TrainableModel;

/**
 * {@code Service} again, in the only package decor:weave weaves (its {@code includes} in the
 * POM): the compile-time woven mode. Used as it is, {@code new WovenService()}.
 */
public class WovenService extends TrainableModel {
  @Timed
  public float timed(float[] x) {
    return Kernel.infer(x);
  }

  @Retry
  public float retried(float[] x) {
    return Kernel.infer(x);
  }

  @Cached
  public float cachedInt(int id) {
    return Kernel.score(id);
  }

  @Cached
  public float cachedImage(byte[] image) {
    return Kernel.score(image);
  }

  @NoGrad
  public float noGrad(float[] x) {
    return Kernel.infer(x);
  }

  @InferenceMode
  public float inference(float[] x) {
    return Kernel.infer(x);
  }
}
