package dev.decor.grad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.fixtures.VirtualThreads21;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Opt-in propagation of grad mode across async boundaries, and the task-boundary leak check. */
class GradContextTest {
  private ExecutorService pool;

  @BeforeEach
  void onePoolThread() {
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    assertThat(GradMode.isEnabled()).isTrue();
  }

  private static List<Boolean> pipeline(Executor executor) throws Exception {
    return CompletableFuture.supplyAsync(GradMode::isEnabled, executor)
        .thenApplyAsync(first -> List.of(first, GradMode.isEnabled()), executor)
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void byDefaultAPipelineStartedUnderNoGradRunsWithGradOnAsInPyTorch() throws Exception {
    assertThat(GradMode.noGrad(() -> pipeline(pool))).containsExactly(true, true);
  }

  @Test
  void aPropagatingExecutorCarriesNoGradThroughEveryStageOfAPipeline() throws Exception {
    Executor propagating = GradContext.propagating(pool);
    assertThat(GradMode.noGrad(() -> pipeline(propagating))).containsExactly(false, false);
    assertThat(pipeline(propagating)).as("grad on travels too").containsExactly(true, true);
    assertThat(CompletableFuture.supplyAsync(GradMode::isEnabled, pool).get())
        .as("the pool thread itself is left as it was").isTrue();
  }

  @Test
  void aPropagatingExecutorWithVirtualWorkersRunsNoGradTasksOnAModelThread() throws Exception {
    ExecutorService virtual = VirtualThreads21.executor();
    try {
      Executor propagating = GradContext.propagating(virtual);
      List<Boolean> seen = GradMode.noGrad(() -> CompletableFuture
          .supplyAsync(() -> List.of(GradMode.isEnabled(),
              ModelThreads.isModelThread()), propagating)
          .get(30, TimeUnit.SECONDS));
      assertThat(seen).containsExactly(false, true);
    } finally {
      virtual.shutdownNow();
    }
  }

  @Test
  void aScopeLeakedByATaskIsClosedBeforeTheNextTaskOnThatThread() throws Exception {
    Executor checked = GradContext.leakChecking(pool);
    CompletableFuture.runAsync(GradMode::noGrad, checked).get(30, TimeUnit.SECONDS);
    assertThat(CompletableFuture.supplyAsync(GradMode::isEnabled, pool).get(30, TimeUnit.SECONDS))
        .as("the next task, even one not submitted through the wrapper").isTrue();
  }

  @Test
  void withoutTheLeakCheckALeakedScopeReachesTheNextTask() throws Exception {
    // What the check is for (issue 10.11b): PyTorch-like per-thread state outlives a task.
    CompletableFuture.runAsync(GradMode::noGrad, pool).get(30, TimeUnit.SECONDS);
    assertThat(CompletableFuture.supplyAsync(GradMode::isEnabled, pool).get(30, TimeUnit.SECONDS))
        .isFalse();
  }

  @Test
  void nestedLeaksAreAllClosedAndTheOuterModeComesBack() throws Exception {
    Executor propagating = GradContext.propagating(pool);
    boolean after = GradMode.noGrad(() -> CompletableFuture.supplyAsync(() -> {
      GradMode.enableGrad();
      GradMode.inference(new dev.decor.fixtures.TinyModel());
      return null;
    }, propagating).thenApply(x -> GradMode.isEnabled()).get(30, TimeUnit.SECONDS));
    assertThat(after).as("the continuation ran inside the handed-over no-grad mode").isFalse();
    assertThat(CompletableFuture.supplyAsync(GradMode::isEnabled, pool).get()).isTrue();
  }

  @Test
  void theContextPropagationAccessorCarriesNoGradOnlyWhenRegistered() {
    ContextRegistry registry = new ContextRegistry();
    ContextSnapshotFactory without = ContextSnapshotFactory.builder()
        .contextRegistry(registry).build();
    ContextSnapshot notCarried = GradMode.noGrad(without::captureAll);
    try (ContextSnapshot.Scope s = notCarried.setThreadLocals()) {
      assertThat(GradMode.isEnabled()).isTrue();
    }

    registry.registerThreadLocalAccessor(new GradModeAccessor());
    ContextSnapshotFactory with = ContextSnapshotFactory.builder()
        .contextRegistry(registry).build();
    ContextSnapshot carried = GradMode.noGrad(with::captureAll);
    try (ContextSnapshot.Scope s = carried.setThreadLocals()) {
      assertThat(GradMode.isEnabled()).isFalse();
    }
    assertThat(GradMode.isEnabled()).isTrue();

    ContextSnapshotFactory clearing = ContextSnapshotFactory.builder()
        .contextRegistry(registry).clearMissing(true).build();
    ContextSnapshot empty = clearing.captureAll();
    assertThat(GradMode.noGrad(() -> {
      try (ContextSnapshot.Scope s = empty.setThreadLocals()) {
        return GradMode.isEnabled();
      } finally {
        assertThat(GradMode.isEnabled()).isFalse();
      }
    })).isTrue();
  }
}
