package dev.decor.grad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import dev.decor.fixtures.TinyModel;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.spec.GradSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.2: one {@link dev.decor.grad.Trainable} shared by many threads in {@code @InferenceMode} and
 * {@code GradMode.inference(model, block)}. No call may see training mode, and the model's mode
 * from before comes back when the last call ends.
 */
class SharedModelInferenceTest {
  private static final int THREADS = 8;
  private static final int CALLS = 2_000;

  /** A model that counts the forward passes that ran in training mode. */
  static final class SharedModel extends TinyModel {
    final AtomicInteger inTraining = new AtomicInteger();

    SharedModel(boolean training) {
      setTraining(training);
    }

    float checkedForward(float x) {
      if (isTraining()) {
        inTraining.incrementAndGet();
      }
      Thread.yield();
      if (isTraining()) {
        inTraining.incrementAndGet();
      }
      return x + 1;
    }
  }

  private static final Chain FORWARD = Chains.of(
      MethodKey.of(SharedModel.class, "checkedForward", float.class), GradSpec.INFERENCE);

  @Test
  void concurrentInferenceMethodsOnPlatformThreadsNeverSeeTrainingAndRestoreTraining()
      throws Exception {
    for (boolean training : new boolean[] {true, false}) {
      SharedModel model = new SharedModel(training);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        hammer(pool, model, i -> FORWARD.invoke(model, () -> model.checkedForward(i)));
      } finally {
        pool.shutdownNow();
      }
      assertThat(model.inTraining).as("forward passes run in training mode").hasValue(0);
      assertThat(model.isTraining()).as("the mode from before").isEqualTo(training);
      assertThat(ModelRegions.openRegions(model)).isZero();
    }
  }

  @Test
  void concurrentInferenceBlocksOnVirtualThreadsNeverSeeTrainingAndRestoreTraining()
      throws Exception {
    SharedModel model = new SharedModel(true);
    ExecutorService virtual = VirtualThreads21.executor();
    try {
      hammer(virtual, model, i -> GradMode.inference(model, () -> model.checkedForward(i)));
    } finally {
      virtual.shutdownNow();
    }
    assertThat(model.inTraining).hasValue(0);
    assertThat(model.isTraining()).isTrue();
  }

  @FunctionalInterface
  private interface Call {
    Object run(int i) throws Throwable;
  }

  private static void hammer(ExecutorService threads, SharedModel model, Call call)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      done.add(threads.submit(() -> {
        go.await();
        for (int i = 0; i < CALLS; i++) {
          try {
            call.run(i);
          } catch (Throwable e) {
            throw new AssertionError(e);
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
  }
}
