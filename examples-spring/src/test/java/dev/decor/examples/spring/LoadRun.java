package dev.decor.examples.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A bounded load run on loopback, no JMH (it measures a server, not a method): starts the app
 * in this JVM on a free port, then for 1, 8, 32 and 64 clients (each its own HTTP/1.1 connection,
 * one request at a time) runs a miss phase (every request a new image: the held-out PNGs with a
 * unique {@code tEXt} chunk, so decode + model each time) and a hit phase (the held-out PNGs as
 * they are, all cached), {@code seconds} each after a short warm-up. Prints requests/s, p50 and
 * p99 latency and the error count. Command: docs/spring.md.
 */
public final class LoadRun {
  private LoadRun() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    ConfigurableApplicationContext app = SpringApplication.run(InferenceApplication.class,
        "--server.port=0", "--sample.data-dir=target/load-shapes", "--logging.level.root=WARN");
    try {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      URI predict = URI.create("http://127.0.0.1:" + port + "/predict");
      List<byte[]> images = new ArrayList<>();
      try (Stream<Path> files = Files.walk(Path.of("target/load-shapes/test"))) {
        for (Path p : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
          images.add(Files.readAllBytes(p));
        }
      }
      System.out.printf("Java %s, %d CPUs, %s; %d held-out images%n", Runtime.version(),
          Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), images.size());
      System.out.println("clients  phase  requests   req/s    p50 ms   p99 ms  errors");
      AtomicLong unique = new AtomicLong();
      for (int clients : new int[] {1, 8, 32, 64}) {
        for (boolean hits : new boolean[] {false, true}) {
          phase(predict, images, clients, hits, unique, 0.5); // warm-up
          Result r = phase(predict, images, clients, hits, unique, seconds);
          System.out.printf(Locale.ROOT, "%7d  %-5s  %8d  %6.0f  %8.2f  %7.2f  %6d%n", clients, hits ? "hits" : "miss",
              r.count, r.count / r.seconds, r.percentile(0.50), r.percentile(0.99), r.errors);
        }
      }
    } finally {
      app.close();
    }
  }

  private record Result(int count, long errors, double seconds, long[] nanos) {
    double percentile(double p) {
      return nanos.length == 0 ? Double.NaN : nanos[Math.min(nanos.length - 1, (int) (p * nanos.length))] / 1e6;
    }
  }

  private static Result phase(URI uri, List<byte[]> images, int clients, boolean hits, AtomicLong unique,
      double seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<long[]> latencies = new ArrayList<>();
    int[] counts = new int[clients];
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
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
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies.get(c), 0, all, k, counts[c]);
      k += counts[c];
    }
    Arrays.sort(all);
    return new Result(total, errors.get(), elapsed, all);
  }
}
