package dev.decor.grad;

import dev.decor.kernel.VirtualThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import dev.decor.fixtures.TinyModel;
import dev.decor.fixtures.TinyModel.Seen;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.spec.GradSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Grad regions entered on virtual threads run on decor's model threads; scopes are refused
 * there. (libtorch's own behaviour is checked in decor-djl; this is the engine's side.)
 */
class VirtualThreadGradTest {
  private static final Chain FORWARD = Chains.of(
      MethodKey.of(TinyModel.class, "forward", float.class), GradSpec.INFERENCE);
  private static final Chain PREDICTIONS = Chains.of(
      MethodKey.of(TinyModel.class, "predictions", int.class), GradSpec.NO_GRAD);

  private ExecutorService virtual;

  @BeforeEach
  void startVirtualThreads() {
    virtual = VirtualThreads21.executor();
  }

  @AfterEach
  void stop() {
    if (virtual != null) {
      virtual.shutdownNow();
    }
  }

  /** Work for a virtual thread; may throw anything, as a decorated call may. */
  @FunctionalInterface
  private interface Body<T> {
    T call() throws Throwable;
  }

  private <T> T onVirtual(Body<T> task) throws Exception {
    Callable<T> onThread = () -> {
      assertThat(VirtualThreads.isVirtual(Thread.currentThread())).isTrue();
      try {
        return task.call();
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    };
    try {
      return virtual.submit(onThread).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void aDecoratedCallOnAVirtualThreadRunsOnAModelThreadInTheMode() throws Exception {
    TinyModel model = new TinyModel();
    List<Object> seen = onVirtual(() -> {
      List<Object> modes = new ArrayList<>();
      modes.add(FORWARD.invoke(model, () -> {
        modes.add(ModelThreads.isModelThread());
        modes.add(Thread.currentThread().getName().startsWith("decor-model-"));
        return model.forward(1f);
      }));
      modes.add(GradMode.isEnabled());
      return modes;
    });
    assertThat(seen).containsExactly(true, true, 2f, true);
    assertThat(model.seen()).containsExactly(new Seen(false, false));
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void aScopeOnAVirtualThreadFailsAtOnceSayingWhatToUse() {
    assertThatThrownBy(() -> onVirtual(GradMode::noGrad))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("[decor/GradScopeOnVirtualThread] A grad scope cannot be opened"
            + " on virtual thread")
        .hasMessageContaining("GradMode.noGrad(() -> ...)");
    assertThatThrownBy(() -> onVirtual(() -> GradMode.inference(new TinyModel())))
        .hasMessageStartingWith("[decor/GradScopeOnVirtualThread]");
  }

  @Test
  void theFastPathHasNoThreadStateToEnterOnAVirtualThread() throws Exception {
    assertThat(FORWARD.gradThread()).isNotNull().isSameAs(GradRegion.current());
    assertThat(onVirtual(FORWARD::gradThread)).isNull();
    assertThat(onVirtual(GradRegion::current)).isNull();
  }

  @Test
  void aGradRegionIsEnteredOnlyOffAVirtualThreadAndItsCallRunsOnAModelThread() throws Exception {
    GradRegion region = GradRegion.noGrad();
    TinyModel model = new TinyModel();
    assertThat(GradRegion.canEnter()).isTrue();
    assertThat(onVirtual(GradRegion::canEnter)).isFalse();
    assertThatThrownBy(() -> onVirtual(() -> region.enter(model)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("[decor/GradNotInlinable] A grad region cannot be entered inline"
            + " on virtual thread")
        .hasMessageContaining("GradRegion.call");
    assertThat(model.isTraining()).as("a refused region changes nothing").isTrue();
    List<Boolean> seen = onVirtual(() -> {
      List<Boolean> modes = new ArrayList<>();
      modes.add(region.call(model, () -> ModelThreads.isModelThread() && !GradMode.isEnabled()
          && !model.isTraining()));
      modes.add(GradMode.isEnabled());
      return modes;
    });
    assertThat(seen).containsExactly(true, true);
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void blocksRunInTheirModeAndRethrowWhatTheyThrew() throws Exception {
    List<Boolean> modes = onVirtual(() -> {
      List<Boolean> seen = new ArrayList<>();
      seen.add(GradMode.noGrad(() -> GradMode.isEnabled()));
      seen.add(GradMode.noGrad(() -> GradMode.enableGrad(GradMode::isEnabled)));
      seen.add(GradMode.set(false, () -> ModelThreads.isModelThread()));
      seen.add(GradMode.isEnabled());
      return seen;
    });
    assertThat(modes).containsExactly(false, true, true, true);
    IOException io = new IOException("disk");
    assertThatThrownBy(() -> onVirtual(() -> GradMode.noGrad(() -> {
      throw io;
    }))).isSameAs(io);
  }

  @Test
  void onAPlatformThreadABlockRunsInline() throws Exception {
    Thread caller = Thread.currentThread();
    assertThat(GradMode.noGrad(() -> Thread.currentThread() == caller && !GradMode.isEnabled()))
        .isTrue();
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void anIteratorFromANoGradMethodProducesEachElementWithGradOffOnAVirtualThread()
      throws Exception {
    TinyModel model = new TinyModel();
    List<Boolean> between = onVirtual(() -> {
      List<Boolean> modes = new ArrayList<>();
      @SuppressWarnings("unchecked")
      Iterator<Integer> it =
          (Iterator<Integer>) PREDICTIONS.invoke(model, () -> model.predictions(3));
      while (it.hasNext()) {
        it.next();
        modes.add(GradMode.isEnabled());
      }
      return modes;
    });
    assertThat(between).containsExactly(true, true, true);
    assertThat(model.seen()).extracting(Seen::grad).containsExactly(false, false, false);
  }

  @Test
  void interruptingTheWaitingVirtualThreadInterruptsTheBody() throws Exception {
    CountDownLatch inBody = new CountDownLatch(1);
    List<Thread> caller = new ArrayList<>();
    var outcome = virtual.submit(() -> {
      synchronized (caller) {
        caller.add(Thread.currentThread());
      }
      try {
        return GradMode.noGrad(() -> {
          inBody.countDown();
          Thread.sleep(30_000); // a body blocked until the test interrupts its caller
          return "slept";
        });
      } catch (InterruptedException e) {
        return "interrupted on " + (ModelThreads.isModelThread() ? "model" : "caller")
            + ", caller flag " + Thread.currentThread().isInterrupted();
      }
    });
    assertThat(inBody.await(30, TimeUnit.SECONDS)).isTrue();
    synchronized (caller) {
      caller.get(0).interrupt();
    }
    assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo("interrupted on caller, caller flag false");
  }
}
