package dev.decor.grad;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.IdentityHashMap;

/**
 * Counts the inference regions open on each {@link Trainable}, so one model shared by many
 * threads stays in eval mode while any of them is inside {@code @InferenceMode} or
 * {@code GradMode.inference(model)}, and gets its previous mode back when the last one ends.
 *
 * <h2>Why</h2>
 * Saving and restoring the flag per region is wrong under concurrency: a region that ends while
 * another is still running would put the model back into training under it, and the last one to
 * end could leave it in eval. A count per model makes the first region save the flag and the last
 * one restore it, as if the overlapping regions were one. (Code inside a region may still switch
 * the model to training and open a nested region; that one gives training back as it ends.)
 *
 * <h2>Design</h2>
 * Models are identified by identity (a model's {@code equals} is irrelevant) and held only while
 * a region is open. A model's count and saved flag ({@code count << 1 | wasTraining}) live in one
 * of {@value #STRIPES} stripes, chosen by identity hash: in the stripe's own two fields when the
 * stripe has no other model open — the usual case, one shared model — else in an
 * {@link IdentityHashMap} beside them, whose {@link Integer}s {@code Integer.valueOf} serves from
 * its cache for up to 63 overlapping regions. Entering and leaving allocate nothing. The model's
 * own {@code isTraining}/{@code setTraining} run under the stripe's lock, so that the count and
 * the flag change together.
 *
 * <p>The lock is a flag set by compare-and-set and cleared by a release store: one atomic
 * instruction to enter a region and one to leave it, where a {@code synchronized} block costs two
 * each (measured: the two blocks and the map were most of what {@code @InferenceMode} cost over a
 * hand-written flag flip). It is held only across the map update and the model's flag; a thread
 * that finds it held spins briefly, then yields. Like a monitor it is reentrant, for a model whose
 * {@code isTraining}/{@code setTraining} opens a region itself. Thread-safe.
 */
final class ModelRegions {
  private static final int STRIPES = 32;
  private static final Stripe[] LOCKS = new Stripe[STRIPES];

  static {
    for (int i = 0; i < STRIPES; i++) {
      LOCKS[i] = new Stripe();
    }
  }

  private static final class Stripe {
    private static final VarHandle LOCKED;

    static {
      try {
        LOCKED = MethodHandles.lookup().findVarHandle(Stripe.class, "locked", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private volatile int locked;
    /** The thread holding the lock. */
    private Thread holder;
    /** How many times {@link #holder} re-entered the lock (from the model's own methods). */
    private int reentries;
    /** The model counted in {@link #soloState}, or null. Guarded by the lock. */
    Trainable solo;
    /** {@code count << 1 | wasTraining} of {@link #solo}. Guarded by the lock. */
    int soloState;
    /** Other models of this stripe with open regions, or null. Guarded by the lock. */
    IdentityHashMap<Trainable, Integer> others;

    void lock() {
      Thread current = Thread.currentThread();
      if (!LOCKED.compareAndSet(this, 0, 1)) {
        if (holder == current) { // a model's isTraining/setTraining opened a region
          reentries++;
          return;
        }
        lockContended();
      }
      holder = current;
    }

    private void lockContended() {
      for (int spins = 0; locked != 0 || !LOCKED.compareAndSet(this, 0, 1); spins++) {
        if (spins < 100) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }

    void unlock() {
      if (reentries > 0) {
        reentries--;
        return;
      }
      holder = null;
      LOCKED.setRelease(this, 0);
    }

    /** {@code model}'s state, 0 when it has no open region. Under the lock. */
    int state(Trainable model) {
      if (solo == model) {
        return soloState;
      }
      Integer state = others == null ? null : others.get(model);
      return state == null ? 0 : state;
    }

    /** Sets {@code model}'s state; 0 removes it. Under the lock. */
    void set(Trainable model, int state) {
      if (solo == model) {
        soloState = state;
        if (state == 0) {
          solo = null;
        }
      } else if (state == 0) {
        if (others != null) {
          others.remove(model);
        }
      } else if (solo == null && (others == null || !others.containsKey(model))) {
        solo = model;
        soloState = state;
      } else {
        if (others == null) {
          others = new IdentityHashMap<>();
        }
        others.put(model, state);
      }
    }
  }

  private ModelRegions() {}

  /**
   * Opens a region on {@code model}: the first one saves its mode and switches it to eval.
   *
   * @return whether this region found the model training although other regions were open on it
   *     (code inside a region switched it back to training on purpose); pass it to {@link #exit}
   */
  static boolean enter(Trainable model) {
    Stripe stripe = stripe(model);
    stripe.lock();
    try {
      int state = stripe.state(model);
      boolean training = model.isTraining();
      if (training) {
        model.setTraining(false);
      }
      if (state == 0) {
        stripe.set(model, (1 << 1) | (training ? 1 : 0));
        return false;
      }
      stripe.set(model, state + (1 << 1));
      return training;
    } finally {
      stripe.unlock();
    }
  }

  /**
   * Closes a region on {@code model}: the last one puts back the mode the first one saved. A
   * region that {@link #enter} says found the model training puts training back as it ends, as
   * a nested {@code with} block would; concurrent inference regions never find it training.
   */
  static void exit(Trainable model, boolean foundTraining) {
    Stripe stripe = stripe(model);
    stripe.lock();
    try {
      int state = stripe.state(model);
      if (state == 0) {
        return;
      }
      if (state >>> 1 == 1) {
        stripe.set(model, 0);
        model.setTraining((state & 1) != 0);
      } else {
        stripe.set(model, state - (1 << 1));
        if (foundTraining) {
          model.setTraining(true);
        }
      }
    } finally {
      stripe.unlock();
    }
  }

  /** How many regions are open on {@code model}, for tests and diagnostics. */
  static int openRegions(Trainable model) {
    Stripe stripe = stripe(model);
    stripe.lock();
    try {
      return stripe.state(model) >>> 1;
    } finally {
      stripe.unlock();
    }
  }

  private static Stripe stripe(Trainable model) {
    int h = System.identityHashCode(model);
    return LOCKS[(h ^ (h >>> 16)) & (STRIPES - 1)];
  }
}
