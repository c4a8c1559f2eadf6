package dev.decor.benchmarks;

import dev.decor.batch.Batcher;
import dev.decor.engine.Decor;
import dev.decor.spec.BatchedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The {@code @Batched} scheduler on a stand-in accelerator, isolated from the CPU (issue 25): one
 * device, held under one lock, each batch costing a fixed launch time plus a time per item, spent
 * parked rather than computing — so two cores do not limit it. Closed-loop callers (virtual
 * threads where the JDK has them) call one item at a time through each scheduler for a while:
 * decor's {@link Batcher} with a fixed {@code maxWait}, with {@code adaptive}, and a hand-written
 * {@code BlockingQueue.drainTo} loop with the same size and wait.
 *
 * <p>The analytic ideal for {@code n} closed-loop callers and a batch limit {@code m}: the device
 * never idles and every batch is as large as the callers allow, {@code b = min(n, m)}: throughput
 * {@code n / (ceil(n / m) × (launch + b × perItem))}, each call waiting {@code ceil(n / m)}
 * batches. Reported: calls/s as a fraction of that, and p50/p99 beside the ideal latency and the
 * ideal + {@code maxWait}.
 *
 * <p>{@code java -cp benchmarks.jar dev.decor.benchmarks.SchedulerBench [--smoke] [--report f]
 * [--callers 2,4,8]}.
 * Not a JMH benchmark: each row is one timed run of the callers, after a warm-up of its own.
 */
public final class SchedulerBench {
  static final long LAUNCH_NANOS = 4_000_000;
  static final long PER_ITEM_NANOS = 50_000;
  static final int MAX_SIZE = 32;
  static final String MAX_WAIT = "2ms";
  static final long MAX_WAIT_NANOS = 2_000_000;

  private SchedulerBench() {}

  /** The device: one batch at a time, each parked for its cost. */
  static final class Device {
    private final ReentrantLock lock = new ReentrantLock();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong items = new AtomicLong();

    List<Integer> forward(List<Integer> xs) {
      lock.lock();
      try {
        long end = System.nanoTime() + LAUNCH_NANOS + PER_ITEM_NANOS * xs.size();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
          LockSupport.parkNanos(left);
        }
        batches.incrementAndGet();
        items.addAndGet(xs.size());
        return xs;
      } finally {
        lock.unlock();
      }
    }
  }

  /** The hand-written loop: one worker takes an item, then drains the rest up to the wait. */
  static final class DrainToLoop implements AutoCloseable {
    private record Pending(int value, CompletableFuture<Integer> answer) {}

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(4096);
    private final Thread worker;
    private volatile boolean stopped;

    DrainToLoop(Device device) {
      worker = new Thread(() -> {
        List<Pending> batch = new ArrayList<>(MAX_SIZE);
        List<Integer> values = new ArrayList<>(MAX_SIZE);
        while (!stopped) {
          try {
            Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
              continue;
            }
            batch.add(first);
            long end = System.nanoTime() + MAX_WAIT_NANOS;
            while (batch.size() < MAX_SIZE) {
              queue.drainTo(batch, MAX_SIZE - batch.size());
              long left = end - System.nanoTime();
              if (batch.size() >= MAX_SIZE || left <= 0) {
                break;
              }
              Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
              if (next != null) {
                batch.add(next);
              }
            }
            batch.forEach(p -> values.add(p.value()));
            List<Integer> out = device.forward(values);
            for (int i = 0; i < batch.size(); i++) {
              batch.get(i).answer().complete(out.get(i));
            }
          } catch (InterruptedException e) {
            return;
          } finally {
            batch.clear();
            values.clear();
          }
        }
      }, "drainTo-loop");
      worker.setDaemon(true);
      worker.start();
    }

    Integer apply(Integer x) {
      CompletableFuture<Integer> answer = new CompletableFuture<>();
      if (!queue.offer(new Pending(x, answer))) {
        throw new IllegalStateException("drainTo queue full");
      }
      return answer.join();
    }

    @Override
    public void close() {
      stopped = true;
      worker.interrupt();
    }
  }

  /** One row: what a scheduler did for {@code callers} over the run. */
  record Row(String scheduler, int callers, long calls, double seconds, long[] sortedNanos,
      double meanBatch) {
    double perSecond() {
      return calls / seconds;
    }

    double percentile(double p) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
      return sortedNanos[Math.max(0, i)] / 1e6;
    }
  }

  static double idealPerSecond(int callers) {
    int b = Math.min(callers, MAX_SIZE);
    int rounds = (callers + MAX_SIZE - 1) / MAX_SIZE;
    return callers / (rounds * (LAUNCH_NANOS + b * PER_ITEM_NANOS) / 1e9);
  }

  static double idealLatencyMs(int callers) {
    return callers / idealPerSecond(callers) * 1e3;
  }

  /** Runs {@code callers} closed-loop callers of {@code call} for {@code warm + measure} ms. */
  static Row run(String name, Device device, Function<Integer, Integer> call, int callers,
      long warmMs, long measureMs) throws Exception {
    ExecutorService threads = virtualOrPlatform();
    long[][] latencies = new long[callers][];
    int[] counts = new int[callers];
    CountDownLatch start = new CountDownLatch(1);
    long[] window = new long[2];
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      done.add(CompletableFuture.runAsync(() -> {
        long[] mine = new long[1024];
        int n = 0;
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        long from = window[0];
        long to = window[1];
        for (int i = 0; ; i++) {
          long t0 = System.nanoTime();
          if (t0 - to >= 0) {
            break;
          }
          call.apply(caller * 1_000_000 + i);
          long t1 = System.nanoTime();
          if (t0 - from >= 0 && t1 - to < 0) {
            if (n == mine.length) {
              mine = Arrays.copyOf(mine, n * 2);
            }
            mine[n++] = t1 - t0;
          }
        }
        latencies[caller] = mine;
        counts[caller] = n;
      }, threads));
    }
    long now = System.nanoTime();
    window[0] = now + TimeUnit.MILLISECONDS.toNanos(warmMs);
    window[1] = window[0] + TimeUnit.MILLISECONDS.toNanos(measureMs);
    long batches0;
    long items0;
    start.countDown();
    // Device counters at the window's edges (the callers run on their own meanwhile).
    sleepUntil(window[0]);
    batches0 = device.batches.get();
    items0 = device.items.get();
    sleepUntil(window[1]);
    long batches1 = device.batches.get();
    long items1 = device.items.get();
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    threads.shutdown();
    long total = 0;
    for (int n : counts) {
      total += n;
    }
    long[] all = new long[(int) total];
    int at = 0;
    for (int c = 0; c < callers; c++) {
      System.arraycopy(latencies[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    double meanBatch = batches1 == batches0 ? Double.NaN
        : (double) (items1 - items0) / (batches1 - batches0);
    return new Row(name, callers, total, measureMs / 1e3, all, meanBatch);
  }

  private static void sleepUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  static ExecutorService virtualOrPlatform() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
          .invoke(null);
    } catch (ReflectiveOperationException e) {
      return Executors.newCachedThreadPool();
    }
  }

  public static void main(String[] args) throws Exception {
    boolean smoke = Arrays.asList(args).contains("--smoke");
    Path report = null;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--report")) {
        report = Path.of(args[i + 1]);
      }
    }
    int[] callerCounts = smoke ? new int[] {1, 32, 256} : new int[] {1, 2, 4, 8, 16, 32, 64, 128, 256};
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--callers")) {
        callerCounts = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
      }
    }
    String loadBefore = loadAverage();
    long warmMs = smoke ? 300 : 1000;
    long measureMs = smoke ? 1000 : 3000;
    List<Row> rows = new ArrayList<>();
    for (int callers : callerCounts) {
      for (String scheduler : List.of("drainTo", "decor", "decor adaptive")) {
        Device device = new Device();
        Row row;
        if (scheduler.equals("drainTo")) {
          try (DrainToLoop loop = new DrainToLoop(device)) {
            row = run(scheduler, device, loop::apply, callers, warmMs, measureMs);
          }
        } else {
          try (Decor engine = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build()) {
            Batcher<Integer, Integer> b = engine.batch("SchedulerBench.forward",
                BatchedSpec.builder().maxSize(MAX_SIZE).maxWait(MAX_WAIT).queueCapacity(4096)
                    .adaptive(scheduler.endsWith("adaptive")).build(), device::forward);
            row = run(scheduler, device, b, callers, warmMs, measureMs);
          }
        }
        rows.add(row);
        System.out.println(line(row));
      }
    }
    String table = table(rows, smoke, loadBefore, loadAverage());
    System.out.println(table);
    if (report != null) {
      try {
        Files.writeString(report, table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String line(Row r) {
    return String.format("%-15s callers=%3d calls/s=%8.0f (%.0f%% of ideal) p50=%.2f p99=%.2f ms"
        + " batch=%.1f", r.scheduler(), r.callers(), r.perSecond(),
        100 * r.perSecond() / idealPerSecond(r.callers()), r.percentile(0.5), r.percentile(0.99),
        r.meanBatch());
  }

  /**
   * The targets, one line per scheduler: at the most callers (saturation) at least 90%
   * of the ideal throughput; at one caller (light load) p99 within ideal + maxWait + 2 ms.
   */
  static List<String> targets(List<Row> rows) {
    int most = rows.stream().mapToInt(Row::callers).max().orElse(0);
    int least = rows.stream().mapToInt(Row::callers).min().orElse(0);
    List<String> lines = new ArrayList<>();
    for (Row r : rows) {
      if (r.callers() == most) {
        double of = r.perSecond() / idealPerSecond(most);
        lines.add(String.format("- %s, %d callers (saturation): %.1f%% of ideal throughput"
            + " (target ≥ 90%%: %s)", r.scheduler(), most, 100 * of, of >= 0.9 ? "met" : "NOT met"));
      }
    }
    for (Row r : rows) {
      if (r.callers() == least) {
        double bound = idealLatencyMs(least) + MAX_WAIT_NANOS / 1e6 + 2;
        double p99 = r.percentile(0.99);
        lines.add(String.format("- %s, %d caller%s (light load): p99 %.2f ms (target ≤ ideal +"
                + " maxWait + 2 ms = %.2f ms: %s)", r.scheduler(), least, least == 1 ? "" : "s",
            p99, bound, p99 <= bound ? "met" : "NOT met"));
      }
    }
    return lines;
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(", ", parts[0], parts[1], parts[2]);
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String table(List<Row> rows, boolean smoke, String loadBefore, String loadAfter) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n## SchedulerBench").append(smoke ? " (smoke)" : "").append("\n\n")
        .append("Stand-in accelerator: ").append(LAUNCH_NANOS / 1e6).append(" ms + ")
        .append(PER_ITEM_NANOS / 1e3).append(" µs/item under one device lock, parked; maxSize ")
        .append(MAX_SIZE).append(", maxWait ").append(MAX_WAIT).append("; closed-loop callers on ")
        .append(virtualThreads() ? "virtual" : "platform").append(" threads, Java ")
        .append(Runtime.version().feature()).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" CPUs; load average (1, 5,"
            + " 15 min) before ").append(loadBefore).append(", after ").append(loadAfter)
        .append(".\n\n")
        .append("| callers | scheduler | calls/s | ideal calls/s | of ideal | p50 ms | p99 ms |"
            + " ideal ms | ideal + maxWait ms | mean batch |\n")
        .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append(String.format("| %d | %s | %.0f | %.0f | %.0f%% | %.2f | %.2f | %.2f | %.2f |"
              + " %.1f |%n", r.callers(), r.scheduler(), r.perSecond(),
          idealPerSecond(r.callers()), 100 * r.perSecond() / idealPerSecond(r.callers()),
          r.percentile(0.5), r.percentile(0.99), idealLatencyMs(r.callers()),
          idealLatencyMs(r.callers()) + MAX_WAIT_NANOS / 1e6, r.meanBatch()));
    }
    sb.append('\n');
    targets(rows).forEach(line -> sb.append(line).append('\n'));
    return sb.toString();
  }

  private static boolean virtualThreads() {
    try {
      Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
