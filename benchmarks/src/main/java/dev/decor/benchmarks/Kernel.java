package dev.decor.benchmarks;

import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The "inference" every benchmarked method runs: a 16-wide dot product plus bias. It is never
 * inlined, so each variant pays the same call and differs only in what surrounds it.
 */
public final class Kernel {
  static final int DIM = 16;
  /** 224 x 224 x 3 RGB bytes: the image key of the {@code @Cached} image benchmarks. */
  static final int IMAGE_BYTES = 224 * 224 * 3;

  private static final float[] WEIGHTS = new float[DIM];

  static {
    for (int i = 0; i < DIM; i++) {
      WEIGHTS[i] = (i % 7 - 3) * 0.125f;
    }
  }

  private Kernel() {}

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  public static float infer(float[] x) {
    float acc = 0.5f;
    for (int i = 0; i < DIM; i++) {
      acc += x[i] * WEIGHTS[i];
    }
    return acc;
  }

  /** The body of the {@code @Cached} int-key methods (runs only on a miss). */
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  public static float score(int id) {
    return id * 0.25f + 1f;
  }

  /** The body of the {@code @Cached} image-key methods (runs only on a miss). */
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  public static float score(byte[] image) {
    return image[0] + image[image.length - 1] * 0.5f;
  }

  static float[] input() {
    float[] x = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      x[i] = i * 0.1f;
    }
    return x;
  }

  static byte[] image() {
    byte[] image = new byte[IMAGE_BYTES];
    long seed = 42;
    for (int i = 0; i < image.length; i++) {
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      image[i] = (byte) (seed >>> 56);
    }
    return image;
  }
}
