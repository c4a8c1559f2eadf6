package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two inputs that used to run the service out of memory, each sent by 150 clients at once to
 * the service in its own JVM, started as docs/spring.md says ({@link ServiceJvm}: {@code -Xmx512m},
 * the documented limits unchanged): bodies declaring the largest accepted size and then arriving
 * a byte at a time, and the largest accepted images at 16 bits a sample. While each probe runs, a
 * normal client posts small images; they must all be answered, the probe's requests must be
 * refused with 503 (and {@code Retry-After}) or 408 or answered, never 500 or a wrong 400, and
 * the JVM's resident memory must stay bounded. Prints the numbers docs/spring.md records.
 */
class MemoryProbeTest {
  private static final int CLIENTS = 150;
  /** {@code sample.max-image-bytes}, the documented default. */
  private static final long MAX_BODY = 4L << 20;
  private static final int NORMAL_REQUESTS = 20;
  private static final long MIB = 1 << 20;

  private final AtomicInteger unique = new AtomicInteger();
  private int port;
  private ServiceJvm service;
  private byte[] normalImage;

  @BeforeEach // a JVM of its own for each probe: its resident memory before is the trained service's
  void startService() throws Exception {
    port = ServiceJvm.freePort();
    service = ServiceJvm.start("memory", port, List.of(), List.of("--sample.data-dir=target/memory-shapes",
        "--sample.images-per-class=10", "--sample.test-images-per-class=1", "--sample.epochs=1"));
    service.awaitReady(Duration.ofSeconds(100));
    normalImage = Files.readAllBytes(Path.of("target/memory-shapes/test/circle/circle-00000.png"));
    assertThat(service.predict(normalImage).statusCode()).isEqualTo(200); // the first request's set-up, before measuring
  }

  @AfterEach
  void stopService() throws InterruptedException {
    if (service != null) {
      service.close();
      service = null;
    }
  }

  @Test
  @Timeout(150)
  void slowClientsDeclaringTheLargestBodyAreRefusedOrTimedOutAndNormalRequestsGoOn() throws Exception {
    long rssBefore = service.rssBytes();
    List<Socket> sockets = new ArrayList<>();
    List<Future<String>> answers = new ArrayList<>();
    ExecutorService slow = Executors.newFixedThreadPool(CLIENTS);
    Normal normal;
    try {
      for (int i = 0; i < CLIENTS; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        sockets.add(socket);
        answers.add(slow.submit(() -> SlowClients.slowBody(socket, MAX_BODY, Duration.ofSeconds(40))));
      }
      Thread.sleep(1_000); // every head sent
      normal = normalRequests();
      Map<String, Integer> statuses = new TreeMap<>();
      List<String> unexpected = new ArrayList<>();
      for (Future<String> answer : answers) {
        String response = answer.get(60, TimeUnit.SECONDS);
        statuses.merge(statusLine(response) + detail(response), 1, Integer::sum);
        boolean refused = response.startsWith("HTTP/1.1 503") && response.matches("(?is).*\r\nRetry-After: \\d+\r\n.*");
        boolean timedOut = response.startsWith("HTTP/1.1 408"); // the body deadline
        if (!(refused || timedOut) || !response.contains("Content-Type: application/problem+json")) {
          unexpected.add(response);
        }
      }
      long rssAfter = service.rssBytes();
      System.out.printf("memory probe (a), %d clients declaring %d bytes, then 1 byte / 200 ms (Java %s):%n"
              + "  statuses %s%n  normal requests %s%n  RSS %d MiB before, %d MiB after%n",
          CLIENTS, MAX_BODY, Runtime.version(), statuses, normal, rssBefore / MIB, rssAfter / MIB);
      assertThat(unexpected).as("answers other than 503 with Retry-After or 408, problem+json").isEmpty();
      assertThat(statuses.keySet()).anyMatch(status -> status.startsWith("HTTP/1.1 503"));
      assertThat(rssAfter - rssBefore).as("RSS growth").isLessThan(192 * MIB);
    } finally {
      slow.shutdownNow();
      for (Socket s : sockets) {
        s.close();
      }
      assertThat(slow.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    normal.assertAllAnsweredWithin(Duration.ofSeconds(5));
    assertSurvivedAndGaveEveryReservationBack();
  }

  @Test
  @Timeout(150)
  void largestSixteenBitImagesAtOnceAreDecodedOrRefusedAndNormalRequestsGoOn() throws Exception {
    byte[] large = TestImages.rgba16Png(4096);
    assertThat((long) large.length).isLessThan(MAX_BODY);
    long rssBefore = service.rssBytes();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    CountDownLatch sent = new CountDownLatch(CLIENTS);
    Normal normal;
    try {
      for (int i = 0; i < CLIENTS; i++) {
        byte[] body = TestImages.withText(large, "large-" + i); // each a cache miss
        responses.add(clients.submit(() -> {
          sent.countDown();
          return http.send(HttpRequest.newBuilder(service.uri("/predict")).timeout(Duration.ofSeconds(90))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        }));
      }
      assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
      normal = normalRequests();
      Map<String, Integer> statuses = new TreeMap<>();
      List<String> unexpected = new ArrayList<>();
      for (Future<HttpResponse<String>> f : responses) {
        HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
        statuses.merge(r.statusCode() + detail(r.body()), 1, Integer::sum);
        boolean problem = r.headers().firstValue("Content-Type").equals(Optional.of("application/problem+json"));
        boolean refused = r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent() && problem;
        // 150 uploads from one HttpClient on a busy machine: one may stall past Tomcat's 5 s read timeout
        boolean stalled = r.statusCode() == 408 && problem;
        if (!(refused || stalled) && r.statusCode() != 200) {
          unexpected.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
        }
      }
      long rssAfter = service.rssBytes();
      System.out.printf("memory probe (b), %d clients each posting a 4096x4096 16-bit RGBA PNG (%d bytes, 128 MiB decoded)"
              + " at once (Java %s):%n  statuses %s%n  normal requests %s%n  RSS %d MiB before, %d MiB after%n",
          CLIENTS, large.length, Runtime.version(), statuses, normal, rssBefore / MIB, rssAfter / MIB);
      assertThat(unexpected).as("answers other than 200, or 503 with Retry-After or 408, problem+json").isEmpty();
      assertThat(statuses).containsKey("200");
      // The decode budget (256 MB) and the body budget (64 MB) may fill the heap up to -Xmx512m,
      // and the JVM may commit all of it (JDK 25 measured 431 MiB of growth, JDK 17 ~280): what
      // must not happen is growth beyond the heap's cap, which would mean memory outside it
      // (native buffers, threads) grew with the load.
      assertThat(rssAfter - rssBefore).as("RSS growth").isLessThan(512 * MIB);
    } finally {
      clients.shutdownNow();
      assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    // Meanwhile a 4096² image decodes on one of the 2 cores and fills much of the heap (collections).
    normal.assertAllAnsweredWithin(Duration.ofSeconds(10));
    assertSurvivedAndGaveEveryReservationBack();
  }

  /**
   * The JVM is still there (with {@code -XX:+ExitOnOutOfMemoryError} it would have exited had the
   * heap run out), answers, logged no {@code OutOfMemoryError}, and both budgets are back at 0
   * bytes reserved: no request kept its reservation, whether answered, refused or timed out.
   */
  private void assertSurvivedAndGaveEveryReservationBack() throws IOException, InterruptedException {
    assertThat(service.predict(normalImage).statusCode()).isEqualTo(200);
    assertThat(service.process().isAlive()).isTrue();
    assertThat(service.output()).doesNotContain("OutOfMemoryError");
    String metrics = service.get("/actuator/prometheus");
    for (String budget : List.of("body", "decode")) {
      assertThat(metrics).contains("sample_budget_used_bytes{budget=\"" + budget + "\"} 0.0");
    }
    assertThat(metrics).contains("sample_budget_capacity_bytes{budget=\"body\"} " + 64.0 * MIB)
        .contains("sample_budget_capacity_bytes{budget=\"decode\"} " + 256.0 * MIB);
  }

  /** {@value #NORMAL_REQUESTS} small images, one every 250 ms, each a cache miss: their statuses and latencies. */
  private Normal normalRequests() throws IOException, InterruptedException {
    int[] statuses = new int[NORMAL_REQUESTS];
    long[] nanos = new long[NORMAL_REQUESTS];
    for (int i = 0; i < NORMAL_REQUESTS; i++) {
      long t0 = System.nanoTime();
      statuses[i] = service.predict(TestImages.withText(normalImage, "normal-" + unique.incrementAndGet())).statusCode();
      nanos[i] = System.nanoTime() - t0;
      Thread.sleep(250);
    }
    return new Normal(statuses, nanos);
  }

  /** The problem's detail in {@code body}, as {@code " (detail)"}; empty if none. */
  private static String detail(String body) {
    Matcher m = Pattern.compile("\"detail\":\"([^\"]*)\"").matcher(body);
    return m.find() ? " (" + m.group(1) + ")" : "";
  }

  private static String statusLine(String response) {
    int end = response.indexOf("\r\n");
    return end < 0 ? response : response.substring(0, end).trim();
  }

  /** What the normal client saw while a probe ran. */
  private record Normal(int[] statuses, long[] nanos) {
    void assertAllAnsweredWithin(Duration most) {
      assertThat(statuses).as("normal requests' statuses").containsOnly(200);
      assertThat(Arrays.stream(nanos).max().orElseThrow()).as("slowest normal request, ns").isLessThan(most.toNanos());
    }

    @Override
    public String toString() {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return String.format("%d: statuses %s, latency p50 %.0f ms, max %.0f ms", statuses.length,
          Arrays.stream(statuses).boxed().distinct().toList(), sorted[sorted.length / 2] / 1e6,
          sorted[sorted.length - 1] / 1e6);
    }
  }
}
