package dev.decor.grad;

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
 * a region is open. Each of {@value #STRIPES} lock stripes guards an {@link IdentityHashMap} from
 * model to {@code count << 1 | wasTraining}, an {@link Integer} that {@code Integer.valueOf}
 * serves from its cache for up to 63 overlapping regions, so entering and leaving allocate
 * nothing. The model's own {@code isTraining}/{@code setTraining} run under the stripe's lock so
 * that the count and the flag change together. Thread-safe.
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
    final IdentityHashMap<Trainable, Integer> open = new IdentityHashMap<>();
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
    synchronized (stripe) {
      Integer state = stripe.open.get(model);
      boolean training = model.isTraining();
      if (training) {
        model.setTraining(false);
      }
      if (state == null) {
        stripe.open.put(model, (1 << 1) | (training ? 1 : 0));
        return false;
      }
      stripe.open.put(model, state + (1 << 1));
      return training;
    }
  }

  /**
   * Closes a region on {@code model}: the last one puts back the mode the first one saved. A
   * region that {@link #enter} says found the model training puts training back as it ends, as
   * a nested {@code with} block would; concurrent inference regions never find it training.
   */
  static void exit(Trainable model, boolean foundTraining) {
    Stripe stripe = stripe(model);
    synchronized (stripe) {
      Integer state = stripe.open.get(model);
      if (state == null) {
        return;
      }
      if (state >>> 1 == 1) {
        stripe.open.remove(model);
        model.setTraining((state & 1) != 0);
      } else {
        stripe.open.put(model, state - (1 << 1));
        if (foundTraining) {
          model.setTraining(true);
        }
      }
    }
  }

  /** How many regions are open on {@code model}, for tests and diagnostics. */
  static int openRegions(Trainable model) {
    Stripe stripe = stripe(model);
    synchronized (stripe) {
      Integer state = stripe.open.get(model);
      return state == null ? 0 : state >>> 1;
    }
  }

  private static Stripe stripe(Trainable model) {
    int h = System.identityHashCode(model);
    return LOCKS[(h ^ (h >>> 16)) & (STRIPES - 1)];
  }
}
