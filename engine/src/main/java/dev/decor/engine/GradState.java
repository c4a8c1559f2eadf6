package dev.decor.engine;

import dev.decor.grad.GradBackend;
import dev.decor.grad.Trainable;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-thread grad flag and its mirroring into every available {@link GradBackend}.
 *
 * <h2>Design</h2>
 * The engine's hot path ({@code @NoGrad} on every call) must not allocate: {@link #enter} returns
 * a {@code long} token packing the previous decor flag (bit 0) and each backend's previous state
 * (bit {@code i + 1}), and {@link #exit} restores from it. The flag lives in a plain (not
 * inheritable) {@link ThreadLocal}, so a new thread starts with grad enabled, as in PyTorch.
 *
 * <p>Thread-safe: every method acts on the calling thread's state only.
 */
public final class GradState {
  private static final Logger log = LoggerFactory.getLogger(GradState.class);
  /** Bit 0 is decor's flag, bits 1..62 the backends', bit 63 a model's training flag. */
  private static final int MAX_BACKENDS = 62;

  private static final ThreadLocal<PerThread> STATE = ThreadLocal.withInitial(PerThread::new);
  private static final GradBackend[] BACKENDS = loadBackends();

  /** Mutable per-thread state; never shared between threads. */
  static final class PerThread {
    boolean enabled = true;
    /** The innermost open API scope, for out-of-order detection; null when none is open. */
    Object top;
  }

  private GradState() {}

  /** Whether gradient recording is enabled on the calling thread. */
  public static boolean isEnabled() {
    return STATE.get().enabled;
  }

  /** Sets grad mode on this thread and every backend; returns the token {@link #exit} needs. */
  static long enter(PerThread state, boolean enabled) {
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

  /** In a token from {@link #enter(PerThread, boolean, Trainable)}: the model was training. */
  private static final long WAS_TRAINING = Long.MIN_VALUE;

  /**
   * Puts {@code model} (if not null) in eval mode, then sets grad mode; returns the token
   * {@link #exit(PerThread, long, Trainable)} restores both from. If setting grad mode fails, the
   * model is restored before the failure propagates.
   */
  static long enter(PerThread state, boolean enabled, Trainable model) {
    if (model == null) {
      return enter(state, enabled);
    }
    long wasTraining = model.isTraining() ? WAS_TRAINING : 0L;
    model.setTraining(false);
    try {
      return enter(state, enabled) | wasTraining;
    } catch (RuntimeException | Error e) {
      model.setTraining(wasTraining != 0);
      throw e;
    }
  }

  /** Restores what {@link #enter(PerThread, boolean, Trainable)} changed: grad, then the model. */
  static void exit(PerThread state, long token, Trainable model) {
    try {
      exit(state, token & ~WAS_TRAINING);
    } finally {
      restoreModel(model, token);
    }
  }

  /** Puts {@code model} back in the training mode saved in {@code token}. */
  static void restoreModel(Trainable model, long token) {
    if (model != null) {
      model.setTraining((token & WAS_TRAINING) != 0);
    }
  }

  /** Restores the state saved in {@code token} by {@link #enter(PerThread, boolean)}. */
  static void exit(PerThread state, long token) {
    GradBackend[] backends = BACKENDS;
    for (int i = backends.length - 1; i >= 0; i--) {
      backends[i].setEnabled((token & (1L << (i + 1))) != 0);
    }
    state.enabled = (token & 1L) != 0;
  }

  static PerThread perThread() {
    return STATE.get();
  }

  /** The backends active in this JVM, for diagnostics. */
  public static List<String> activeBackends() {
    List<String> names = new ArrayList<>();
    for (GradBackend backend : BACKENDS) {
      names.add(backend.getClass().getName());
    }
    return names;
  }

  private static GradBackend[] loadBackends() {
    List<GradBackend> found = new ArrayList<>();
    ServiceLoader<GradBackend> loader =
        ServiceLoader.load(GradBackend.class, GradState.class.getClassLoader());
    var it = loader.iterator();
    while (true) {
      GradBackend backend;
      try {
        if (!it.hasNext()) {
          break;
        }
        backend = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        log.debug("Skipping a grad backend that cannot load", e);
        continue;
      }
      try {
        if (backend.isAvailable()) {
          found.add(backend);
        }
      } catch (RuntimeException | LinkageError e) {
        log.debug("Grad backend {} is not available", backend.getClass().getName(), e);
      }
    }
    if (found.size() > MAX_BACKENDS) {
      throw new IllegalStateException("decor supports at most " + MAX_BACKENDS + " grad backends");
    }
    return found.toArray(new GradBackend[0]);
  }
}
