package dev.decor.grad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.fixtures.TinyModel;
import dev.decor.fixtures.TinyModel.Seen;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GradRegion} on platform threads (virtual threads: {@code VirtualThreadGradTest}). */
class GradRegionTest {
  @AfterEach
  void enabledAfterEveryTest() {
    assertThat(GradMode.isEnabled()).as("a test leaked a region").isTrue();
  }

  @Test
  void enterAndExitNestAndRestoreGradModeAndTheModelsTrainingFlag() {
    TinyModel model = new TinyModel();
    long inference = GradRegion.noGrad().enter(model);
    try {
      model.forward(1f);
      long enabled = GradRegion.enableGrad().enter(null);
      try {
        model.forward(2f);
      } finally {
        GradRegion.enableGrad().exit(null, enabled);
      }
      model.forward(3f);
    } finally {
      GradRegion.noGrad().exit(model, inference);
    }
    assertThat(model.seen()).containsExactly(
        new Seen(false, false), new Seen(true, false), new Seen(false, false));
    assertThat(model.isTraining()).isTrue();
    assertThat(GradRegion.set(false)).isSameAs(GradRegion.noGrad());
    assertThat(GradRegion.set(true)).hasToString("GradRegion[enableGrad]");
  }

  @Test
  void callRunsInlineOnAPlatformThreadAndRethrowsWhatTheBlockThrew() {
    Thread caller = Thread.currentThread();
    TinyModel model = new TinyModel();
    assertThat(GradRegion.noGrad().call(model, () -> Thread.currentThread() == caller
        && !GradMode.isEnabled() && !model.isTraining())).isTrue();
    IOException disk = new IOException("disk");
    assertThatThrownBy(() -> GradRegion.noGrad().call(model, () -> {
      throw disk;
    })).isSameAs(disk);
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void enteringAndLeavingAllocateNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    TinyModel model = new TinyModel();
    GradRegion region = GradRegion.noGrad();
    for (int i = 0; i < 10_000; i++) {
      region.exit(model, region.enter(model));
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      long token = region.enter(i % 2 == 0 ? model : null);
      region.exit(i % 2 == 0 ? model : null, token);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(allocated).as("bytes for 100,000 regions (one object each would be 1.6 MB)")
        .isLessThan(1_000);
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void withNoTensorEngineOnTheClassPathOnlyDecorsFlagChanges() {
    assertThat(GradMode.activeBackends()).isEmpty();
    assertThatThrownBy(() -> GradMode.activeBackends().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
