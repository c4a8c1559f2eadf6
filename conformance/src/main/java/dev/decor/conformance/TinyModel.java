package dev.decor.conformance;

import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.grad.GradMode;
import dev.decor.grad.Trainable;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * A {@link Trainable} model that records, while its bodies run, whether grad was enabled and
 * whether it was in training mode.
 */
public class TinyModel implements Trainable {
  private volatile boolean training = true;
  // Thread-safe: the virtual-thread suites call one model from many (model) threads at once.
  private final List<Boolean> gradSeen = new CopyOnWriteArrayList<>();
  private final List<Boolean> trainingSeen = new CopyOnWriteArrayList<>();

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  public List<Boolean> gradSeen() {
    return gradSeen;
  }

  public List<Boolean> trainingSeen() {
    return trainingSeen;
  }

  private void observe() {
    gradSeen.add(GradMode.isEnabled());
    trainingSeen.add(training);
  }

  @InferenceMode
  public float predict(float x) {
    observe();
    return 2 * x;
  }

  @NoGrad
  public float step(float x) {
    observe();
    return x + 1;
  }

  @InferenceMode
  public float explode() {
    observe();
    throw new IllegalStateException("model failed");
  }

  /** A lazy generator: each element is produced (and observed) when the consumer asks. */
  @NoGrad
  public Iterator<Integer> generate(int n) {
    observe();
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public Integer next() {
        if (i >= n) {
          throw new NoSuchElementException();
        }
        observe();
        return i++;
      }
    };
  }

  /** A lazy stream: each element is observed as it is pulled. */
  @InferenceMode
  public Stream<Integer> stream(int n) {
    return Stream.iterate(0, i -> i < n, i -> i + 1).map(i -> {
      observe();
      return i;
    });
  }
}
