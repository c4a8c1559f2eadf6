package dev.decor.examples.spring;

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

/**
 * The service in a JVM of its own, started the way docs/spring.md says (the JVM itself, no
 * launcher in between): the test's class path, a bounded heap that ends the JVM when exhausted, one libtorch thread,
 * 127.0.0.1:{@code port}, its output in a log file under {@code target/}. Closing it sends
 * SIGTERM and kills the JVM if it is still there after 20 s; a shutdown hook kills it if the test
 * JVM ends first.
 */
final class ServiceJvm implements AutoCloseable {
  /** The JVM options of the documented command. */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
      "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final int port;
  private final Thread hook;

  private ServiceJvm(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.hook = new Thread(process::destroyForcibly, "destroy service " + port);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts the service with {@link #JVM_OPTIONS} plus {@code jvmOptions}, then {@code args}. */
  static ServiceJvm start(String name, int port, List<String> jvmOptions, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), InferenceApplication.class.getName(),
        "--server.port=" + port, "--server.tomcat.basedir=target/tomcat/" + name + "-" + port));
    command.addAll(args);
    Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "service-jvms")), name + "-", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServiceJvm(process, log, port);
  }

  Process process() {
    return process;
  }

  Path log() {
    return log;
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The JVM's resident set size now, from {@code /proc} (Linux). */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for process " + process.pid());
  }

  /** Waits until readiness is UP (the model has trained); fails if the JVM exits or time runs out. */
  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new AssertionError("the service exited with " + process.exitValue() + "; log " + log);
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not ready in " + timeout + "; log " + log);
  }

  /** {@code POST /predict} with {@code image}; the response, whatever its status. */
  HttpResponse<String> predict(byte[] image) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri("/predict")).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Begins {@code POST /predict} of {@code image} on a connection of its own: the head and the
   * first 10 bytes of the body, so its handler is running, waiting for the rest, until
   * {@link InFlight#finish}.
   */
  InFlight beginPredict(byte[] image) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    try {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + image.length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(image, 0, 10);
      out.flush();
      return new InFlight(socket, image);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** A request whose body is still arriving ({@link #beginPredict}). */
  static final class InFlight implements AutoCloseable {
    private final Socket socket;
    private final byte[] image;

    private InFlight(Socket socket, byte[] image) {
      this.socket = socket;
      this.image = image;
    }

    /** Sends the rest of the body; the response as far as the end of its JSON body (status line and headers included). */
    String finish() throws IOException {
      socket.getOutputStream().write(image, 10, image.length - 10);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder s = new StringBuilder();
      byte[] buffer = new byte[4096];
      int n;
      while (!s.toString().contains("}") && (n = in.read(buffer)) > 0) {
        s.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
      return s.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** {@code GET path}'s body; fails unless the status is 200. */
  String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running already.
    }
  }

  /** A loopback port nothing listens on now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }
}
