package dev.decor.benchmarks;

import dev.decor.benchmarks.woven.WovenService;
import dev.decor.grad.GradMode;
import dev.decor.grad.GradRegion;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-call cost of a grad region on a platform thread (inline: the flag and each backend are set
 * and restored on the caller) and on a virtual thread (the body runs on a {@code decor-model-N}
 * platform thread while the virtual thread waits), against the direct call.
 *
 * <p>JMH runs benchmark methods on platform threads unless told otherwise, so the virtual-thread
 * numbers need JDK 21+ and JMH's virtual executor; {@link #thread} names which one a run uses and
 * {@link #check} fails the run if the thread is of the other kind:
 *
 * <pre>
 * benchmarks/run.sh --only='GradThreadBench'
 * benchmarks/run.sh --no-build --only='GradThreadBench' -p thread=virtual -jvmArgsAppend -Djmh.executor=VIRTUAL
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class GradThreadBench {
  /** The kind of thread the benchmark methods run on: {@code platform} or {@code virtual}. */
  @Param({"platform"})
  public String thread;

  private float[] x;
  private Service service;
  private DecoratedService generated;
  private WovenService woven;

  @Setup(Level.Trial)
  public void check() {
    boolean virtual = !GradRegion.canEnter();
    if (virtual != "virtual".equals(thread)) {
      throw new IllegalStateException("-p thread=" + thread + " but this run's benchmark thread is "
          + (virtual ? "virtual" : "platform") + "; pass -jvmArgsAppend -Djmh.executor=VIRTUAL"
          + " (JDK 21+) for virtual threads");
    }
    x = Kernel.input();
    service = new Service();
    generated = new DecoratedService();
    woven = new WovenService();
  }

  @Benchmark
  public float direct() {
    return service.noGrad(x);
  }

  @Benchmark
  public float noGrad_generated() {
    return generated.noGrad(x);
  }

  @Benchmark
  public float noGrad_woven() {
    return woven.noGrad(x);
  }

  /** {@code GradMode.noGrad(() -> ...)}, the scope form that also works on virtual threads. */
  @Benchmark
  public float noGrad_block() {
    float[] input = x;
    return GradMode.noGrad(() -> service.noGrad(input));
  }
}
