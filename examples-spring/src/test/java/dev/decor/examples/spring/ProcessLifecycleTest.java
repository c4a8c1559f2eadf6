package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
 * The service as its own JVM, started the way docs/spring.md says ({@link ServiceJvm}), on a free
 * loopback port: a taken port fails before training; SIGTERM finishes the request in flight, then
 * the JVM exits and the port is free. Every child is stopped after each test if it is still there.
 */
class ProcessLifecycleTest {
  private final List<ServiceJvm> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (ServiceJvm child : children) {
      child.close();
    }
  }

  @Test
  @Timeout(90)
  void aTakenPortFailsInSecondsBeforeAnyTraining() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      ServiceJvm app = start("port-taken", taken.getLocalPort(), "--sample.epochs=200"); // training would take minutes
      assertThat(app.process().waitFor(80, TimeUnit.SECONDS)).as("exited; log %s", app.log()).isTrue();
      String output = app.output();
      assertThat(app.process().exitValue()).as(output).isNotZero();
      assertThat(output).contains("Port " + taken.getLocalPort() + " was already in use").doesNotContain("training on");
    }
  }

  @Test
  @Timeout(120)
  void sigtermFinishesTheRequestInFlightThenTheJvmExitsAndThePortIsFree() throws Exception {
    int port = ServiceJvm.freePort();
    ServiceJvm service = start("sigterm", port, "--sample.epochs=1");
    Process app = service.process();
    service.awaitReady(Duration.ofSeconds(90));

    byte[] image = Files.readAllBytes(Path.of("target/lifecycle-shapes/test/circle/circle-00000.png"));
    try (ServiceJvm.InFlight inFlight = service.beginPredict(image)) { // its handler now waits for the rest of the body
      Thread.sleep(500);
      app.destroy(); // SIGTERM
      Thread.sleep(1_000);
      assertThat(app.isAlive()).as("still finishing the request in flight").isTrue();
      assertThat(inFlight.finish()).startsWith("HTTP/1.1 200").contains("{\"label\":");
    }
    assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM; log %s", service.log()).isTrue();
    assertThat(app.exitValue()).isIn(0, 143);
    assertThat(app.descendants().count()).isZero();
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // the port is free
    }
    assertThat(service.output()).contains("Graceful shutdown complete");
  }

  /** The app in a child JVM on 127.0.0.1:{@code port}, trained on a tiny dataset. */
  private ServiceJvm start(String name, int port, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--sample.data-dir=target/lifecycle-shapes",
        "--sample.images-per-class=10", "--sample.test-images-per-class=1"));
    all.addAll(List.of(args));
    ServiceJvm child = ServiceJvm.start(name, port, List.of(), all);
    children.add(child);
    return child;
  }
}
