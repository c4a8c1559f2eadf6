package dev.decor.conformance;

import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The engine tests' model ({@link dev.decor.fixtures.TinyModel}: one copy, in engine/src/test,
 * compiled here too) with decor's grad annotations, processed and woven here. It records, while
 * its bodies run, whether grad was enabled and whether it was in training mode; thread-safe (the
 * virtual-thread suites call one model from many model threads at once).
 */
public class TinyModel extends dev.decor.fixtures.TinyModel {
  @InferenceMode
  public float predict(float x) {
    look();
    return 2 * x;
  }

  /** One forward pass, {@code x + 1}, without grad. */
  @NoGrad
  public float step(float x) {
    return forward(x);
  }

  @InferenceMode
  public float explode() {
    look();
    throw new IllegalStateException("model failed");
  }

  /** A lazy generator: each element is produced (and observed) when the consumer asks. */
  @NoGrad
  public Iterator<Integer> generate(int n) {
    look();
    return predictions(n);
  }

  /** A lazy stream: each element is observed as it is pulled. */
  @InferenceMode
  @Override
  public Stream<Integer> stream(int n) {
    return super.stream(n);
  }
}
