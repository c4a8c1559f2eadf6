package dev.decor.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.cache.Caches;
import dev.decor.examples.data.DatasetGenerator;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.ShapeCnn;
import dev.decor.grad.GradMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve mode's endpoints over real HTTP, with an (untrained) real model behind the generated wrapper. */
class PredictionServerTest {
  private static final List<String> LABELS = List.of("circle", "square", "triangle");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static Backbone model;
  static ClassifierService service;
  static PredictionServer server;

  @BeforeAll
  static void start() throws Exception {
    DatasetGenerator.generateIfMissing(dir, LABELS, 2, 32, 1);
    model = new ShapeCnn(32, LABELS.size(), 1);
    model.setTraining(false);
    service = new DecoratedClassifierService(model, LABELS, 32);
    server = PredictionServer.start(service, Telemetry.bindNew(), 0);
  }

  @AfterAll
  static void stop() {
    server.close();
    model.close();
  }

  @Test
  void predictAnswersJsonAndRepeatsAreCacheHits() throws Exception {
    Caches.clear("ClassifierService.predict");
    byte[] image = Files.readAllBytes(dir.resolve("square/square-00001.png"));
    HttpResponse<String> first = post("predict", image);
    HttpResponse<String> second = post("predict", image);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(first.body()).matches(
        "\\{\"label\":\"(circle|square|triangle)\",\"scores\":\\{\"circle\":[01]\\.\\d{4},\"square\":[01]\\.\\d{4},\"triangle\":[01]\\.\\d{4}}}");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(Caches.stats("ClassifierService.predict").hits()).isEqualTo(1);
    assertThat(Caches.stats("ClassifierService.predict").misses()).isEqualTo(1);
  }

  @Test
  void predictRunsWithGradOffOnServerThreadsWhereLibtorchStartsWithGradOn() throws Exception {
    post("predict", Files.readAllBytes(dir.resolve("circle/circle-00000.png")));
    post("predict", Files.readAllBytes(dir.resolve("triangle/triangle-00001.png")));
    assertThat(service.gradChecks().calls()).isPositive();
    assertThat(service.gradChecks().allInference()).isTrue();
  }

  @Test
  void onJava21HandlersRunOnVirtualThreadsAndConcurrentPredictsStayInInference() throws Exception {
    assertThat(server.virtualThreads()).isEqualTo(Runtime.version().feature() >= 21);
    long before = service.gradChecks().calls();
    List<byte[]> images = List.of(
        Files.readAllBytes(dir.resolve("circle/circle-00001.png")),
        Files.readAllBytes(dir.resolve("square/square-00000.png")),
        Files.readAllBytes(dir.resolve("triangle/triangle-00000.png")));
    model.setTraining(true); // as after a training run: every predict must still see eval
    try {
      Caches.clear("ClassifierService.predict");
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        answers.add(HTTP.sendAsync(HttpRequest.newBuilder(uri("predict"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(images.get(i % 3))).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      for (var answer : answers) {
        assertThat(answer.get().statusCode()).isEqualTo(200);
      }
      assertThat(service.gradChecks().calls()).isGreaterThan(before);
      assertThat(service.gradChecks().allInference()).isTrue();
      assertThat(model.isTraining()).as("the training flag is back").isTrue();
      assertThat(GradMode.isEnabled()).isTrue();
    } finally {
      model.setTraining(false);
    }
  }

  @Test
  void badBodiesAndWrongMethodsAreRejected() throws Exception {
    assertThat(post("predict", "not an image".getBytes()).statusCode()).isEqualTo(400);
    assertThat(post("predict", new byte[0]).statusCode()).isEqualTo(400);
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(uri("predict")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(post("metrics", new byte[] {1}).statusCode()).isEqualTo(405);
  }

  @Test
  void metricsArePrometheusTextWithThePredictTimerAndItsP99() throws Exception {
    post("predict", Files.readAllBytes(dir.resolve("circle/circle-00001.png")));
    HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(uri("metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("# TYPE method_timed_seconds summary")
        .containsPattern("method_timed_seconds_count\\{class=\"dev.decor.examples.serve.ClassifierService\",exception=\"none\",method=\"predict\"} [1-9]")
        .containsPattern("method_timed_seconds\\{class=\"dev.decor.examples.serve.ClassifierService\",exception=\"none\",method=\"predict\",quantile=\"0.99\"}");
  }

  private static HttpResponse<String> post(String path, byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return server.uri().resolve(path);
  }
}
