package dev.decor.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import dev.decor.grad.GradBackend;
import dev.decor.grad.GradMode;
import dev.decor.grad.GradScope;
import dev.decor.grad.Trainable;
import dev.decor.spec.GradSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DJL PyTorch backend, against the real libtorch. Only one {@link GradientCollector} may be
 * open per JVM, so every test that trains lives in this class (surefire runs classes one by one).
 */
class DjlPyTorchGradTest {
  /** A model that only says whether it trains. */
  public static class TinyModel implements Trainable {
    private volatile boolean training = true;

    @Override
    public boolean isTraining() {
      return training;
    }

    @Override
    public void setTraining(boolean training) {
      this.training = training;
    }

    public float forward(float x) {
      return x + 1;
    }
  }

  private boolean libtorchBefore;

  @BeforeEach
  void saveLibtorchMode() {
    assertThat(GradMode.activeBackends()).contains(DjlPyTorchGradBackend.class.getName());
    libtorchBefore = JniUtils.isGradMode();
  }

  @AfterEach
  void restoreLibtorchMode() {
    JniUtils.setGradMode(libtorchBefore);
  }

  @Test
  void theBackendIsFoundWithServiceLoader() {
    assertThat(ServiceLoader.load(GradBackend.class).stream()
        .map(ServiceLoader.Provider::type))
        .contains(DjlPyTorchGradBackend.class);
  }

  @Test
  void scopesDriveLibtorchsGradModeAndRestoreItsPreviousValue() {
    for (boolean before : new boolean[] {true, false}) {
      JniUtils.setGradMode(before);
      try (GradScope off = GradMode.noGrad()) {
        assertThat(JniUtils.isGradMode()).isFalse();
        try (GradScope on = GradMode.enableGrad()) {
          assertThat(JniUtils.isGradMode()).isTrue();
        }
        assertThat(JniUtils.isGradMode()).isFalse();
      }
      assertThat(JniUtils.isGradMode()).as("libtorch's own previous mode").isEqualTo(before);
    }
  }

  @Test
  void anInferenceModeMethodRunsWithLibtorchGradOffAndRestoresIt() throws Throwable {
    JniUtils.setGradMode(true);
    TinyModel model = new TinyModel();
    Object inside =
        Chains.of(MethodKey.of(TinyModel.class, "forward", float.class), GradSpec.INFERENCE)
            .invoke(model, JniUtils::isGradMode);
    assertThat(inside).isEqualTo(false);
    assertThat(JniUtils.isGradMode()).isTrue();
  }

  @Test
  void aFreshThreadStartsWithLibtorchGradOnAndGetsItBack() throws Exception {
    List<Boolean> seen = CompletableFuture.supplyAsync(() -> {
      List<Boolean> modes = new ArrayList<>();
      modes.add(JniUtils.isGradMode());
      try (GradScope s = GradMode.noGrad()) {
        modes.add(JniUtils.isGradMode());
      }
      modes.add(JniUtils.isGradMode());
      return modes;
    }, task -> new Thread(task, "fresh").start()).get(30, TimeUnit.SECONDS);
    assertThat(seen).containsExactly(true, false, true);
  }

  @Test
  void aResultComputedUnderNoGradTakesNoPartInTheGraph() {
    // loss = y * x summed, with y = 2x. If y is in the graph, dloss/dx = 4x; if y was computed
    // without grad it is a constant and dloss/dx = y = 2x.
    assertThat(gradientOfYTimesX(false)).containsExactly(4f, 8f, 12f);
    assertThat(gradientOfYTimesX(true)).containsExactly(2f, 4f, 6f);
    assertThat(GradMode.isEnabled()).isTrue();
  }

  private static float[] gradientOfYTimesX(boolean noGradForY) {
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = NDManager.newBaseManager(null, "PyTorch")) {
      NDArray x = manager.create(new float[] {1f, 2f, 3f});
      x.setRequiresGradient(true);
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray y;
        if (noGradForY) {
          try (GradScope s = GradMode.noGrad()) {
            assertThat(JniUtils.isGradMode()).isFalse();
            y = x.mul(2);
          }
          assertThat(JniUtils.isGradMode()).as("the collector's mode is back").isTrue();
        } else {
          y = x.mul(2);
        }
        collector.backward(y.mul(x).sum());
        return x.getGradient().toFloatArray();
      }
    }
  }
}
