package dev.decor.grad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.fixtures.StdErr;
import dev.decor.fixtures.TinyModel;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.fixtures.Workers;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.GradSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * {@code @InferenceMode} where there is no {@link Trainable} receiver to switch: the call still
 * turns grad off, and the first such call per method says, once, that the model the code holds
 * is left in whatever mode it is in — a model left in training mode answers wrongly and silently.
 */
@ResourceLock(Resources.SYSTEM_ERR) // slf4j-simple writes to the current System.err
class InferenceModeNotTrainableTest {
  /** A service that holds a model instead of being one. */
  public static class HoldsAModel {
    final TinyModel model = new TinyModel();

    public float predict(float x) {
      return model.forward(x);
    }

    public static float scale(float x) {
      return 2 * x;
    }
  }

  /** Each test builds its own chain of it, with a warning of its own (the lock: one at a time). */
  private static final MethodKey PREDICT =
      MethodKey.of(HoldsAModel.class, "predict", float.class);
  private static final MethodKey SCALE = MethodKey.of(HoldsAModel.class, "scale", float.class);
  private static final MethodKey FORWARD = MethodKey.of(TinyModel.class, "forward", float.class);

  @Test
  void theFirstCallOnAReceiverThatIsNotTrainableWarnsOnceAndOnlyTurnsGradOff() throws Throwable {
    HoldsAModel service = new HoldsAModel();
    Chain chain = Chains.of(PREDICT, GradSpec.INFERENCE);

    String out = StdErr.capture(() -> {
      for (int i = 0; i < 3; i++) {
        chain.invoke(service, () -> service.predict(1f));
      }
    });

    assertThat(warnings(out, "HoldsAModel.predict(float)")).containsExactly(
        GradMessages.inferenceModeNotTrainable("HoldsAModel.predict(float)", "HoldsAModel"));
    assertThat(out).contains("WARN dev.decor.InferenceMode - [decor/InferenceModeNotTrainable]");
    // What the warning says: grad was off, the held model stayed in training.
    assertThat(service.model.seen()).hasSize(3)
        .allMatch(s -> !s.grad() && s.training(), "grad off, model still training");
  }

  @Test
  void theHooksGeneratedWrappersCallWarnToo() throws Throwable {
    HoldsAModel service = new HoldsAModel();
    Chain chain = Chains.of(PREDICT, GradSpec.INFERENCE);

    String out = StdErr.capture(() -> {
      for (int i = 0; i < 2; i++) {
        GradThread thread = chain.gradThread();
        long token = chain.enterGrad(thread, service);
        try {
          service.predict(1f);
        } finally {
          chain.exitGrad(thread, service, token);
        }
      }
    });

    assertThat(warnings(out, "HoldsAModel.predict(float)")).hasSize(1);
  }

  @Test
  void aStaticMethodHasNoReceiverToSwitch() throws Throwable {
    Chain chain = Chains.of(SCALE, GradSpec.INFERENCE);

    String out = StdErr.capture(() -> chain.invoke(null, () -> HoldsAModel.scale(2f)));

    assertThat(warnings(out, "HoldsAModel.scale(float)")).containsExactly(
        GradMessages.inferenceModeNotTrainable("HoldsAModel.scale(float)", null));
    assertThat(GradMessages.inferenceModeNotTrainable("HoldsAModel.scale(float)", null))
        .contains("there is no receiver").contains("Name the model with GradMode.inference")
        .doesNotContain("delegating");
  }

  @Test
  void aTrainableReceiverAndNoGradSayNothing() throws Throwable {
    TinyModel model = new TinyModel();
    HoldsAModel service = new HoldsAModel();
    Chain inference = Chains.of(FORWARD, GradSpec.INFERENCE);
    Chain noGrad = Chains.of(PREDICT, GradSpec.NO_GRAD);

    String out = StdErr.capture(() -> {
      inference.invoke(model, () -> model.forward(1f));
      noGrad.invoke(service, () -> service.predict(1f));
    });

    assertThat(out).doesNotContain("[decor/InferenceModeNotTrainable]");
    assertThat(model.seen()).containsExactly(new TinyModel.Seen(false, false));
  }

  @Test
  void sixteenThreadsMakingTheFirstCallAtOnceLogItOnce() throws Throwable {
    HoldsAModel service = new HoldsAModel();
    Chain chain = Chains.of(PREDICT, GradSpec.INFERENCE);

    String out = StdErr.capture(() -> Workers.run(16,
        i -> chain.invoke(service, () -> service.predict(i))));

    assertThat(warnings(out, "HoldsAModel.predict(float)")).hasSize(1);
    assertThat(service.model.seen()).hasSize(16).noneMatch(TinyModel.Seen::grad);
  }

  @Test
  void virtualThreadsMakingTheFirstCallAtOnceLogItOnce() throws Throwable {
    ExecutorService executor = VirtualThreads21.executor();
    HoldsAModel service = new HoldsAModel();
    Chain chain = Chains.of(PREDICT, GradSpec.INFERENCE);
    CountDownLatch go = new CountDownLatch(1);

    String out = StdErr.capture(() -> {
      try {
        List<Future<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          calls.add(executor.submit(() -> {
            go.await();
            try {
              return chain.invoke(service, () -> service.predict(1f));
            } catch (Throwable t) {
              throw new AssertionError(t);
            }
          }));
        }
        go.countDown();
        for (Future<Object> call : calls) {
          assertThat(call.get()).isEqualTo(2f);
        }
      } finally {
        executor.shutdown();
      }
    });

    assertThat(warnings(out, "HoldsAModel.predict(float)")).hasSize(1);
    assertThat(service.model.seen()).hasSize(16).noneMatch(TinyModel.Seen::grad);
  }

  /** The warning lines about {@code method}, each as its message. */
  private static List<String> warnings(String out, String method) {
    return out.lines().filter(l -> l.contains("[decor/InferenceModeNotTrainable]")
            && l.contains("'" + method + "'"))
        .map(l -> l.substring(l.indexOf("[decor/"))).toList();
  }


}
