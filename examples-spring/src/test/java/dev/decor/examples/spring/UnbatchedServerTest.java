package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.examples.model.GradProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@code sample.batching=false}: every miss runs its own forward pass ({@code classifyOne}) on
 * the server's request thread, with grad off and the model in eval mode there. A second, briefly
 * trained context (accuracy is {@link InferenceServerTest}'s). While it runs, its engine (the
 * starter's, with caches of its own) is decor's global one; closing the context puts the previous
 * one back.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sample.batching=false",
    "sample.data-dir=target/test-shapes-unbatched",
    "server.tomcat.basedir=target/tomcat/unbatched",
    "sample.images-per-class=20",
    "sample.test-images-per-class=4",
    "sample.epochs=1"})
class UnbatchedServerTest {
  @LocalServerPort int port;
  @Autowired ShapeModel model;

  @Test
  @Timeout(120)
  void gradIsOffInTheUnbatchedForwardOnTheServersRequestThreads() throws Exception {
    List<Path> images;
    try (Stream<Path> files = Files.walk(Path.of("target/test-shapes-unbatched/test"))) {
      images = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI predict = URI.create("http://127.0.0.1:" + port + "/predict");
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 64; i++) { // distinct bytes: every request reaches the model
        byte[] body = TestImages.withText(Files.readAllBytes(images.get(i % images.size())), "unbatched-" + i);
        responses.add(clients.submit(() -> client.send(HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString())));
      }
      for (Future<HttpResponse<String>> r : responses) {
        assertThat(r.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }
    GradProbe.Checks checks = model.itemGradChecks();
    assertThat(checks).as("decor grad, libtorch grad and training flag inside classifyOne")
        .isEqualTo(new GradProbe.Checks(64, 0, 0, 0));
    assertThat(model.batchGradChecks().calls()).as("no batched forward").isZero();
    assertThat(model.isTraining()).isFalse();
  }
}
