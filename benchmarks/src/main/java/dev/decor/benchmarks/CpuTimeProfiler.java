package dev.decor.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation of the benchmark's worker threads ({@code cpu.time.norm}, ns/op), beside
 * JMH's wall-clock score: {@code -prof dev.decor.benchmarks.CpuTimeProfiler}.
 *
 * <p>Why: on a machine that other processes keep busy, a benchmark thread spends much of each
 * iteration descheduled, and JMH's score (operations over wall time) grows with the machine's load
 * rather than with the code; the thread's own CPU time per operation does not (cache sharing with
 * the other processes still shows). It is read with {@link ThreadMXBean#getThreadCpuTime} for every
 * thread JMH names {@code …-jmh-worker-…} before and after each iteration.
 *
 * <p>Not thread-safe; JMH calls it from one thread.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long[] ids = new long[0];
  private long[] before = new long[0];

  @Override
  public String getDescription() {
    return "CPU time of the benchmark's worker threads per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    List<Long> workers = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("jmh-worker")) {
        workers.add(t.getId());
      }
    }
    ids = workers.stream().mapToLong(Long::longValue).toArray();
    before = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      before[i] = threads.getThreadCpuTime(ids[i]);
    }
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmark,
      IterationParams iteration, IterationResult result) {
    long cpu = 0;
    for (int i = 0; i < ids.length; i++) {
      long now = threads.getThreadCpuTime(ids[i]);
      if (now >= 0 && before[i] >= 0) {
        cpu += now - before[i];
      }
    }
    long ops = result.getMetadata().getMeasuredOps();
    double perOp = ops == 0 ? Double.NaN : (double) cpu / ops;
    return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
  }
}
