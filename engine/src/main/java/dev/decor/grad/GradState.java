package dev.decor.grad;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-thread grad flag and its mirroring into every available {@link GradBackend}.
 *
 * <h2>Design</h2>
 * The hot path ({@code @NoGrad} on every call, through {@link GradRegion}) must not allocate:
 * {@link #enter} returns a {@code long} token packing the previous decor flag (bit 0) and each
 * backend's previous state (bit {@code i + 1}), and {@link #exit} restores from it. A model's training flag is counted
 * per model by {@link ModelRegions}, not saved per region. The flag lives in a plain (not
 * inheritable) {@link ThreadLocal}, so a new thread starts with grad enabled, as in PyTorch.
 *
 * <p>Backends such as libtorch keep their mode per OS thread, which a virtual thread is not, so
 * on a virtual thread ({@code GradThread.offload}) nothing here may be called: grad regions there
 * run on {@link ModelThreads} instead, and {@link #isEnabled} stays true.
 *
 * <p>Package-private, like the rest of the implementation behind {@link GradMode},
 * {@link GradRegion} and {@link GradContext}. Thread-safe: every method acts on the calling
 * thread's state only.
 */
final class GradState {
  private static final ThreadLocal<GradThread> STATE = ThreadLocal.withInitial(GradThread::new);
  /** Bit 0 of a token is decor's flag, bits 1..62 these backends', bit 63 {@link #FOUND_TRAINING}. */
  private static final GradBackend[] BACKENDS = GradBackends.load();

  private GradState() {}

  /** Whether gradient recording is enabled on the calling thread. */
  static boolean isEnabled() {
    return STATE.get().enabled;
  }

  /** Sets grad mode on this thread and every backend; returns the token {@link #exit} needs. */
  static long enter(GradThread state, boolean enabled) {
    long token = state.enabled ? 1L : 0L;
    state.enabled = enabled;
    GradBackend[] backends = BACKENDS;
    for (int i = 0; i < backends.length; i++) {
      if (backends[i].setEnabled(enabled)) {
        token |= 1L << (i + 1);
      }
    }
    return token;
  }

  /**
   * Opens an inference region on {@code model} (if not null; see {@link ModelRegions}), then sets
   * grad mode; returns the token {@link #exit(GradThread, long, Trainable)} restores grad from. If
   * setting grad mode fails, the model's region is closed before the failure propagates.
   */
  static long enter(GradThread state, boolean enabled, Trainable model) {
    if (model == null) {
      return enter(state, enabled);
    }
    long foundTraining = ModelRegions.enter(model) ? FOUND_TRAINING : 0L;
    try {
      return enter(state, enabled) | foundTraining;
    } catch (RuntimeException | Error e) {
      ModelRegions.exit(model, foundTraining != 0);
      throw e;
    }
  }

  /** In a token from {@link #enter(GradThread, boolean, Trainable)}: see {@link ModelRegions#enter}. */
  private static final long FOUND_TRAINING = Long.MIN_VALUE;

  /** Closes the model region opened by {@link #enter(GradThread, boolean, Trainable)}. */
  static void exitModel(Trainable model, long token) {
    if (model != null) {
      ModelRegions.exit(model, (token & FOUND_TRAINING) != 0);
    }
  }

  /** Restores what {@link #enter(GradThread, boolean, Trainable)} changed: grad, then the model. */
  static void exit(GradThread state, long token, Trainable model) {
    try {
      exit(state, token & ~FOUND_TRAINING);
    } finally {
      exitModel(model, token);
    }
  }

  /** Restores the state saved in {@code token} by {@link #enter(GradThread, boolean)}. */
  static void exit(GradThread state, long token) {
    GradBackend[] backends = BACKENDS;
    for (int i = backends.length - 1; i >= 0; i--) {
      backends[i].setEnabled((token & (1L << (i + 1))) != 0);
    }
    state.enabled = (token & 1L) != 0;
  }

  static GradThread perThread() {
    return STATE.get();
  }

  /** The class names of the backends active in this JVM ({@link GradMode#activeBackends}). */
  static List<String> activeBackends() {
    List<String> names = new ArrayList<>();
    for (GradBackend backend : BACKENDS) {
      names.add(backend.getClass().getName());
    }
    return List.copyOf(names);
  }
}
