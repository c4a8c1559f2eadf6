package dev.decor.benchmarks;

import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;

/**
 * The benchmarked service: one method per decorator, each alone, all with the same non-inlined
 * body ({@link Kernel}), plus the undecorated {@link #plain} for the direct-call baseline.
 * Subclassed by the hand-rolled engine wrapper ({@link EngineService}) and by the processor's
 * {@code DecoratedService}.
 */
public class Service extends TrainableModel {

  public float plain(float[] x) {
    return Kernel.infer(x);
  }

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
