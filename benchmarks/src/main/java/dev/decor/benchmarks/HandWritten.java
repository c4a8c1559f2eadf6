package dev.decor.benchmarks;

import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hasher128;
import com.dynatrace.hash4j.hashing.Hashing;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * What a careful engineer writes by hand for each decorator, doing the same job with the same
 * libraries: {@code nanoTime} + a Micrometer timer; a try/catch retry loop; a Caffeine cache keyed
 * by receiver + argument (receiver held strongly here); a thread-local grad flag flipped in
 * try/finally (plus the model's training flag for inference mode).
 */
final class HandWritten extends TrainableModel {
  private static final ThreadLocal<GradFlag> GRAD = ThreadLocal.withInitial(GradFlag::new);
  private static final Hasher128 XXH3 = Hashing.xxh3_128();

  private final Timer timer;
  private final Cache<IntKey, Float> intCache = Caffeine.newBuilder().maximumSize(128).build();
  private final Cache<ImageKey, Float> imageCache = Caffeine.newBuilder().maximumSize(128).build();

  /** The per-thread grad flag a hand-written no-grad block flips. */
  static final class GradFlag {
    boolean enabled = true;
  }

  record IntKey(Object self, int id) {}

  record ImageKey(Object self, int length, long h1, long h2) {}

  HandWritten(MeterRegistry registry) {
    this.timer = Timer.builder("hand.timed")
        .tags("class", HandWritten.class.getName(), "method", "timed", "exception", "none")
        .register(registry);
  }

  float timed(float[] x) {
    long start = System.nanoTime();
    try {
      return Kernel.infer(x);
    } finally {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  float retried(float[] x) {
    for (int attempt = 1; ; attempt++) {
      try {
        return Kernel.infer(x);
      } catch (RuntimeException e) {
        if (attempt >= 3) {
          throw e;
        }
      }
    }
  }

  /** {@code getIfPresent}, and on a miss compute + {@code put} (no single-flight). */
  float cachedIntGetIfPresent(int id) {
    IntKey key = new IntKey(this, id);
    Float value = intCache.getIfPresent(key);
    if (value == null) {
      value = Kernel.score(id);
      intCache.put(key, value);
    }
    return value;
  }

  /** {@code get(k, fn)}: single-flight like decor. */
  float cachedIntGet(int id) {
    return intCache.get(new IntKey(this, id), k -> Kernel.score(id));
  }

  /** The image's content digest (XXH3-128, as decor uses) in the key. */
  float cachedImage(byte[] image) {
    HashValue128 h = XXH3.hashBytesTo128Bits(image);
    return imageCache.get(new ImageKey(this, image.length, h.getMostSignificantBits(),
        h.getLeastSignificantBits()), k -> Kernel.score(image));
  }

  float noGrad(float[] x) {
    GradFlag grad = GRAD.get();
    boolean wasEnabled = grad.enabled;
    grad.enabled = false;
    try {
      return Kernel.infer(x);
    } finally {
      grad.enabled = wasEnabled;
    }
  }

  float inference(float[] x) {
    GradFlag grad = GRAD.get();
    boolean wasEnabled = grad.enabled;
    boolean wasTraining = isTraining();
    setTraining(false);
    grad.enabled = false;
    try {
      return Kernel.infer(x);
    } finally {
      grad.enabled = wasEnabled;
      setTraining(wasTraining);
    }
  }

  /** Regions open on this model, for {@link #inferenceShared}; guarded by {@code this}. */
  private int regions;
  /** The training flag the first open region found; guarded by {@code this}. */
  private boolean trainingBeforeRegions;

  /**
   * {@link #inference} made safe for a model shared by request threads, as a careful engineer
   * writes it: a region count under the model's monitor, so the first region saves the training
   * flag and the last restores it (flipping it per call would hand a concurrent caller a model in
   * training mode). The same job {@code @InferenceMode} does.
   */
  float inferenceShared(float[] x) {
    GradFlag grad = GRAD.get();
    boolean wasEnabled = grad.enabled;
    synchronized (this) {
      if (regions++ == 0) {
        trainingBeforeRegions = isTraining();
        setTraining(false);
      }
    }
    grad.enabled = false;
    try {
      return Kernel.infer(x);
    } finally {
      grad.enabled = wasEnabled;
      synchronized (this) {
        if (--regions == 0) {
          setTraining(trainingBeforeRegions);
        }
      }
    }
  }
}
