package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service as its own JVM, started the way docs/spring.md says (the JVM itself, no launcher in
 * between), on a free loopback port: a taken port fails before training; SIGTERM finishes the
 * request in flight, then the JVM exits and the port is free. Every child is destroyed forcibly
 * after each test if it is still there.
 */
class ProcessLifecycleTest {
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(90)
  void aTakenPortFailsInSecondsBeforeAnyTraining() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Path log = Files.createTempFile(Files.createDirectories(Path.of("target/lifecycle-logs")), "port-taken", ".log");
      Process app = start(taken.getLocalPort(), log, "--sample.epochs=200"); // training would take minutes
      assertThat(app.waitFor(80, TimeUnit.SECONDS)).as("exited; log %s", log).isTrue();
      String output = Files.readString(log);
      assertThat(app.exitValue()).as(output).isNotZero();
      assertThat(output).contains("Port " + taken.getLocalPort() + " was already in use").doesNotContain("training on");
    }
  }

  @Test
  @Timeout(120)
  void sigtermFinishesTheRequestInFlightThenTheJvmExitsAndThePortIsFree() throws Exception {
    int port = freePort();
    Path log = Files.createTempFile(Files.createDirectories(Path.of("target/lifecycle-logs")), "sigterm", ".log");
    Process app = start(port, log, "--sample.epochs=1");
    awaitReady(app, port, log);

    byte[] image = Files.readAllBytes(Path.of("target/lifecycle-shapes/test/circle/circle-00000.png"));
    try (Socket inFlight = new Socket(InetAddress.getLoopbackAddress(), port)) {
      inFlight.setSoTimeout(30_000);
      OutputStream out = inFlight.getOutputStream();
      out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + image.length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(image, 0, 10); // the handler is now waiting for the rest of the body
      out.flush();
      Thread.sleep(500);

      app.destroy(); // SIGTERM
      Thread.sleep(1_000);
      assertThat(app.isAlive()).as("still finishing the request in flight").isTrue();
      out.write(image, 10, image.length - 10);
      out.flush();
      String response = readResponse(inFlight.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 200").contains("{\"label\":");
    }
    assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM; log %s", log).isTrue();
    assertThat(app.exitValue()).isIn(0, 143);
    assertThat(app.descendants().count()).isZero();
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // the port is free
    }
    assertThat(Files.readString(log)).contains("Graceful shutdown complete");
  }

  /** The app in a child JVM: the test's own class path, a bounded heap, 127.0.0.1:{@code port}. */
  private Process start(int port, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", System.getProperty("java.class.path"),
        InferenceApplication.class.getName(),
        "--server.port=" + port, "--sample.data-dir=target/lifecycle-shapes",
        "--sample.images-per-class=10", "--sample.test-images-per-class=1"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    children.add(p);
    return p;
  }

  private static void awaitReady(Process app, int port, Path log) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertThat(app.isAlive()).as("app alive; log %s", log).isTrue();
      try {
        if (client.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not ready in 90 s; log " + log);
  }

  private static String readResponse(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    byte[] buffer = new byte[4096];
    int n;
    while (!s.toString().contains("}") && (n = in.read(buffer)) > 0) {
      s.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
    }
    return s.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }
}
