package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.decor.conformance.woven.WovenOnlyService;
import dev.decor.grad.GradMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @NoGrad}/{@code @InferenceMode} called on virtual threads, in every mode: the body runs
 * in the right mode (on a decor model thread; the woven grad-only fast path falls back to the
 * chain there, as its own fast path would throw {@code [decor/GradNotInlinable]}), and the
 * caller's own mode is untouched. Skipped before Java 21. Each woven mode also
 * checks the generated wrapper, which runs in every JVM.
 */
abstract class VirtualThreadGradSuite {
  abstract Mode mode();

  private ExecutorService virtual;

  @BeforeEach
  void startVirtualThreads() {
    try {
      virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
          .invoke(null);
    } catch (ReflectiveOperationException e) {
      virtual = null;
    }
    assumeThat(virtual).as("virtual threads need Java 21+").isNotNull();
  }

  @AfterEach
  void stop() {
    if (virtual != null) {
      virtual.shutdownNow();
    }
  }

  /** Whether this is one of decor's model threads, by the name they carry in thread dumps. */
  private static boolean onModelThread() {
    return Thread.currentThread().getName().startsWith("decor-model-");
  }

  /** What one virtual thread saw around one decorated call. */
  private record Call(boolean callerBefore, boolean callerAfter, boolean callerIsModelThread) {}

  @Test
  void decoratedCallsOnVirtualThreadsRunInTheirModeOnModelThreads() throws Exception {
    for (Mode each : List.of(mode(), Mode.GENERATED)) {
      TinyModel model = each.create(TinyModel.class);
      List<Future<Call>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int index = i;
        calls.add(virtual.submit(() -> {
          boolean before = GradMode.isEnabled();
          Thread.sleep(1); // parks: the call may resume on another carrier, the case under test
          if (index % 2 == 0) {
            model.predict(index);
          } else {
            model.step(index);
          }
          return new Call(before, GradMode.isEnabled(), onModelThread());
        }));
      }
      for (Future<Call> call : calls) {
        assertThat(call.get(60, TimeUnit.SECONDS)).isEqualTo(new Call(true, true, false));
      }
      assertThat(model.gradSeen()).as(each + ": grad inside every call").hasSize(200)
          .containsOnly(false);
      assertThat(model.isTraining()).as(each + ": training flag restored").isTrue();
    }
  }

  @Test
  void aStaticNoGradMethodOnAVirtualThreadRunsWithGradOffAndLeavesTheCallersMode()
      throws Exception {
    mode().create(WovenOnlyService.class);

    List<Boolean> seen = virtual.submit(() -> {
      boolean before = GradMode.isEnabled();
      Thread.sleep(1); // parks: the call may resume on another carrier, the case under test
      boolean inside = WovenOnlyService.gradInsideStatic();
      return List.of(before, inside, GradMode.isEnabled());
    }).get(60, TimeUnit.SECONDS);

    assertThat(seen).containsExactly(true, false, true);
  }

  @Test
  void aNoGradIteratorOnAVirtualThreadProducesEveryElementWithGradOff() throws Exception {
    TinyModel model = mode().create(TinyModel.class);
    List<Integer> produced = virtual.submit(() -> {
      List<Integer> out = new ArrayList<>();
      for (Iterator<Integer> it = model.generate(3); it.hasNext(); ) {
        out.add(it.next());
      }
      return out;
    }).get(60, TimeUnit.SECONDS);
    assertThat(produced).hasSize(3);
    assertThat(model.gradSeen()).containsOnly(false);
  }
}
