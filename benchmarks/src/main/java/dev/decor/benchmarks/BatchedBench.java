package dev.decor.benchmarks;

import dev.decor.batch.Batcher;
import dev.decor.engine.Decor;
import dev.decor.spec.BatchedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code @Batched}'s engine against direct calls, on a stand-in for one accelerator: a model
 * whose forward pass holds one device lock for a fixed 1 ms plus 20 µs per item (parked, not
 * spinning — the device works, not the CPU). Direct calls pay the fixed cost per item; batched
 * calls share it, waiting up to 2 ms for company ({@code batched}) or not when the batcher is
 * idle ({@code batchedEager}). Run with {@code -t 1}, {@code -t 8}, {@code -t 32}: throughput is
 * calls per second over all threads. A model, not a measurement of a real network (that is the sample
 * service's load run).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class BatchedBench {
  private static final long FIXED_NANOS = 1_000_000;
  private static final long PER_ITEM_NANOS = 20_000;

  private final ReentrantLock device = new ReentrantLock();
  private Decor engine;
  private Batcher<Integer, Integer> batched;
  private Batcher<Integer, Integer> batchedEager;

  @Setup(Level.Trial)
  public void setUp() {
    engine = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
    batched = engine.batch("BatchedBench.forward", BatchedSpec.builder().maxSize(32)
        .maxWait("2ms").queueCapacity(4096).build(), this::forwardAll);
    batchedEager = engine.batch("BatchedBench.forwardEager", BatchedSpec.builder().maxSize(32)
        .maxWait("2ms").queueCapacity(4096).eager(true).build(), this::forwardAll);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  private List<Integer> forwardAll(List<Integer> xs) {
    device.lock();
    try {
      park(FIXED_NANOS + PER_ITEM_NANOS * xs.size());
      List<Integer> out = new ArrayList<>(xs.size());
      xs.forEach(x -> out.add(x + 1));
      return out;
    } finally {
      device.unlock();
    }
  }

  private static void park(long nanos) {
    long end = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  @Benchmark
  public Integer direct() {
    return forwardAll(List.of(1)).get(0);
  }

  @Benchmark
  public Integer batched() {
    return batched.apply(1);
  }

  /** {@code eager}: an item that finds the batcher idle goes at once instead of waiting 2 ms. */
  @Benchmark
  public Integer batchedEager() {
    return batchedEager.apply(1);
  }
}
