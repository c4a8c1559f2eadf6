package dev.decor.examples.spring;

import dev.decor.engine.Decor;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A bounded load run on loopback, no JMH (it measures a server, not a method). Starts the app
 * twice in this JVM, each on a free port: {@code sample.batching=true} ({@code @Batched}: one
 * forward pass per batch) and {@code sample.batching=false} (one forward per image). Then for 1,
 * 8, 32 and 64 clients (each its own HTTP/1.1 connection, one request at a time): a miss phase
 * against each app, in 4 alternating slices so both see the same machine and JIT state (every
 * request a new image: a held-out PNG with a unique {@code tEXt} chunk, so decode + model each
 * time), and a hit phase (the held-out PNGs as they are, all cached, never queued),
 * {@code seconds} each after a 0.5 s warm-up (and, before the first, 4.5 s of misses against
 * each app, for the JIT), at most
 * 65,536 requests per client. Prints a Markdown table (requests/s, p50 and p99 latency, errors,
 * images dropped by the batcher's queue timeout ({@code decor.batch.deadline.drops}, among the
 * errors), mean batch size, the model's forward time per image from its {@code model.inference} timer,
 * and the process's CPU time per request: server and load generator together, so cores × 1000
 * ÷ it bounds the requests/s this machine can reach), the targets, the load average
 * before and after, and the command. Command: docs/spring.md.
 */
public final class LoadRun {
  static final String COMMAND = "mvn -B -q -pl examples-spring -am -DskipTests test-compile exec:exec -Dload.seconds=";
  private static final double MAX_WAIT_MS = 2; // ShapeModel.classify's @Batched maxWait
  private static final double WARM_UP_SECONDS = 1.5;
  private static final int SLICES = 4;

  private LoadRun() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    String loadBefore = loadAverage();
    ConfigurableApplicationContext batched = start("true");
    ConfigurableApplicationContext unbatched = start("false");
    try {
      URI on = predictUri(batched);
      URI off = predictUri(unbatched);
      // Both apps run on decor's global engine, which the starter made the last context's: its
      // registry has the timers and the batcher's meters of both.
      MeterRegistry registry = Decor.global().meterRegistry();
      List<byte[]> images = new ArrayList<>();
      try (Stream<Path> files = Files.walk(Path.of("target/load-shapes/test"))) {
        for (Path p : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
          images.add(Files.readAllBytes(p));
        }
      }
      System.out.printf(Locale.ROOT, "%n%s; Java %s, %d CPUs, %s; libtorch num_threads=%s; %d held-out images; %.1f s per phase%n",
          ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME), Runtime.version(),
          Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
          System.getProperty("ai.djl.pytorch.num_threads", "default"), images.size(), seconds);
      System.out.println("load average before (1, 5, 15 min): " + loadBefore + "\n");
      System.out.println("| clients | phase | batching | requests | req/s | p50 ms | p99 ms | errors | queue-timeout drops | mean batch | forward ms/image | CPU ms/request |");
      System.out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      AtomicLong unique = new AtomicLong();
      // JIT warm-up of both apps before anything is measured: without it, the first phase (1 client,
      // batching on) ran while the JVM was still compiling (twice the CPU per request of the next one)
      for (URI app : List.of(on, off)) {
        phase(app, images, 8, false, unique, 2 * WARM_UP_SECONDS);
        phase(app, images, 1, false, unique, WARM_UP_SECONDS);
      }
      List<String> targets = new ArrayList<>();
      for (int clients : new int[] {1, 8, 32, 64}) {
        phase(on, images, clients, false, unique, 0.5); // this load's warm-up
        phase(off, images, clients, false, unique, 0.5);
        double[] batch = batchSizes(registry);
        double forward = forwardMillis(registry, "classifyAll");
        double forwardOff = forwardMillis(registry, "classifyOne");
        long forwards = forwards(registry, "classifyOne");
        double drops = drops(registry);
        // the two apps in alternating slices, so both see the same JIT state and machine load
        Result miss = Result.NONE;
        Result missOff = Result.NONE;
        for (int slice = 0; slice < SLICES; slice++) {
          miss = miss.and(phase(on, images, clients, false, unique, seconds / SLICES));
          missOff = missOff.and(phase(off, images, clients, false, unique, seconds / SLICES));
        }
        double[] batchAfter = batchSizes(registry);
        double items = batchAfter[1] - batch[1];
        row(clients, "miss", "on", miss, drops(registry) - drops, items / (batchAfter[0] - batch[0]),
            (forwardMillis(registry, "classifyAll") - forward) / items);
        row(clients, "miss", "off", missOff, Double.NaN, 1,
            (forwardMillis(registry, "classifyOne") - forwardOff) / (forwards(registry, "classifyOne") - forwards));
        row(clients, "hit", "on", measure(on, images, clients, true, unique, seconds), Double.NaN, Double.NaN,
            Double.NaN);
        targets.add(target(clients, miss, missOff));
      }
      System.out.println();
      targets.forEach(System.out::println);
      System.out.println("\nload average after (1, 5, 15 min): " + loadAverage());
      System.out.println("command: " + COMMAND + args0(args));
    } finally {
      unbatched.close();
      batched.close();
    }
  }

  private static ConfigurableApplicationContext start(String batching) {
    return SpringApplication.run(InferenceApplication.class, "--server.port=0",
        "--sample.data-dir=target/load-shapes", "--logging.level.root=WARN",
        "--sample.batching=" + batching, "--server.tomcat.basedir=target/tomcat/load-" + batching);
  }

  private static URI predictUri(ConfigurableApplicationContext app) {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port + "/predict");
  }

  private static String args0(String[] args) {
    return args.length > 0 ? args[0] : "3";
  }

  /** The targets: at 32 clients ≥ 3× the unbatched req/s with p99 no worse; at 1, p99 ≤ unbatched + maxWait. */
  private static String target(int clients, Result on, Result off) {
    double speedUp = on.rate() / off.rate();
    double p99On = on.percentile(0.99);
    double p99Off = off.percentile(0.99);
    int cores = Runtime.getRuntime().availableProcessors();
    String line = String.format(Locale.ROOT,
        "- %d clients: batched/unbatched req/s %.2f×, p99 %.2f vs %.2f ms; CPU-bound ceiling (%d cores ÷ CPU per request) %.0f vs %.0f req/s",
        clients, speedUp, p99On, p99Off, cores, on.ceiling(cores), off.ceiling(cores));
    if (clients == 32) {
      return line + " (target ≥ 3× and p99 no worse: " + (speedUp >= 3 && p99On <= p99Off ? "met" : "NOT met") + ")";
    }
    if (clients == 1) {
      return line + String.format(Locale.ROOT, " (target p99 ≤ unbatched + %.0f ms maxWait: %s)", MAX_WAIT_MS,
          p99On <= p99Off + MAX_WAIT_MS ? "met" : "NOT met");
    }
    return line;
  }

  private static void row(int clients, String phase, String batching, Result r, double drops, double meanBatch,
      double forward) {
    System.out.printf(Locale.ROOT, "| %d | %s | %s | %d | %.0f | %.2f | %.2f | %d | %s | %s | %s | %.2f |%n", clients,
        phase, batching, r.count, r.rate(), r.percentile(0.50), r.percentile(0.99), r.errors, format(drops, "%.0f"),
        format(meanBatch, "%.1f"), format(forward, "%.2f"), r.cpuNanos / 1e6 / r.count);
  }

  /** Images {@code ShapeModel.classify}'s queue timeout dropped so far, every priority. */
  private static double drops(MeterRegistry registry) {
    return registry.find("decor.batch.deadline.drops").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static String format(double value, String format) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, format, value);
  }

  /** Total milliseconds in the model's forward ({@code model.inference}, method {@code method}). */
  private static double forwardMillis(MeterRegistry registry, String method) {
    Timer t = registry.find("model.inference").tag("method", method).tag("exception", "none").timer();
    return t == null ? 0 : t.totalTime(TimeUnit.MILLISECONDS);
  }

  private static long forwards(MeterRegistry registry, String method) {
    Timer t = registry.find("model.inference").tag("method", method).tag("exception", "none").timer();
    return t == null ? 0 : t.count();
  }

  /** Batches and items so far through {@code ShapeModel.classify}'s batcher. */
  private static double[] batchSizes(MeterRegistry registry) {
    DistributionSummary sizes = registry.find("decor.batch.size").summary();
    return sizes == null ? new double[2] : new double[] {sizes.count(), sizes.totalAmount()};
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(", ", parts[0], parts[1], parts[2]);
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }

  /** The process's CPU time so far (all threads: both apps, libtorch and the load generator). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private record Result(int count, long errors, double seconds, long[] nanos, long cpuNanos) {
    static final Result NONE = new Result(0, 0, 0, new long[0], 0);

    /** Both results as one phase: counts, errors, time and CPU added, latencies merged. */
    Result and(Result other) {
      long[] merged = Arrays.copyOf(nanos, nanos.length + other.nanos.length);
      System.arraycopy(other.nanos, 0, merged, nanos.length, other.nanos.length);
      Arrays.sort(merged);
      return new Result(count + other.count, errors + other.errors, seconds + other.seconds, merged,
          cpuNanos + other.cpuNanos);
    }

    double rate() {
      return count / seconds;
    }

    /** Requests/s if every core did nothing but this phase's work, at its CPU cost per request. */
    double ceiling(int cores) {
      return cores * 1e9 * count / cpuNanos;
    }

    double percentile(double p) {
      return nanos.length == 0 ? Double.NaN : nanos[Math.min(nanos.length - 1, (int) (p * nanos.length))] / 1e6;
    }
  }

  private static Result measure(URI uri, List<byte[]> images, int clients, boolean hits, AtomicLong unique,
      double seconds) throws InterruptedException {
    phase(uri, images, clients, hits, unique, 0.5); // warm-up
    return phase(uri, images, clients, hits, unique, seconds);
  }

  private static Result phase(URI uri, List<byte[]> images, int clients, boolean hits, AtomicLong unique,
      double seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<long[]> latencies = new ArrayList<>();
    int[] counts = new int[clients];
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      long[] mine = new long[1 << 16];
      latencies.add(mine);
      int client = c;
      Thread thread = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int i = client;
        try {
          while (System.nanoTime() < end && counts[client] < mine.length) {
            byte[] image = images.get(i++ % images.size());
            byte[] body = hits ? image : TestImages.withText(image, "load-" + unique.incrementAndGet());
            long t0 = System.nanoTime();
            try {
              HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
              if (r.statusCode() != 200) {
                errors.incrementAndGet();
              }
            } catch (IOException e) {
              errors.incrementAndGet();
            }
            mine[counts[client]++] = System.nanoTime() - t0;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      }, "load-client-" + c);
      thread.start();
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpu = processCpuNanos() - cpuStart;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies.get(c), 0, all, k, counts[c]);
      k += counts[c];
    }
    Arrays.sort(all);
    return new Result(total, errors.get(), elapsed, all, cpu);
  }
}
