package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.hazelcast.core.Hazelcast;
import com.jayway.jsonpath.JsonPath;
import dev.decor.cache.Caches;
import dev.decor.examples.config.TrainingConfig;
import dev.decor.examples.model.GradProbe;
import dev.decor.examples.serve.Prediction;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The service on loopback, trained small at start-up, through real HTTP: predictions, batching
 * of concurrent requests, the defects 1–6, grad mode in the batched forward, and the
 * Prometheus output.
 */
@AutoConfigureObservability // Boot tests switch metrics export and tracing off otherwise
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sample.data-dir=target/test-shapes",
    // Tomcat's base directory under target/, not a temp directory left behind after the run
    "server.tomcat.basedir=target/tomcat/inference",
    "sample.images-per-class=100",
    "sample.test-images-per-class=10",
    "sample.epochs=10",
    "sample.body-read-timeout=3s",
    "sample.max-image-bytes=1MB"})
class InferenceServerTest {
  private static final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;
  @Autowired ShapeModel model;
  @Autowired ImageDecoder decoder;
  @Autowired TrainingData trainingData;
  @Autowired TrainingConfig config;
  @Autowired ServletWebServerApplicationContext context;
  @Autowired ByteBudget bodyBudget;

  static List<Path> testImages;

  /** Every span the service finishes, beside the log's copy. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    InMemorySpanExporter spans() {
      return InMemorySpanExporter.create();
    }
  }

  @Autowired InMemorySpanExporter spans;

  @BeforeEach // not @BeforeAll: the context (which writes the dataset) starts first
  void listTestImages() throws IOException {
    if (testImages != null) {
      return;
    }
    try (Stream<Path> files = Files.walk(Path.of("target/test-shapes/test"))) {
      testImages = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
  }

  @Test
  void predictsHeldOutImagesAndRepeatsHitTheCache() throws Exception {
    long hitsBefore = Caches.stats("PredictionService.predict").hits();
    int correct = 0;
    for (Path image : testImages) {
      HttpResponse<String> first = post("/predict", Files.readAllBytes(image));
      HttpResponse<String> again = post("/predict", Files.readAllBytes(image));
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(again.body()).isEqualTo(first.body());
      correct += first.body().startsWith("{\"label\":\"" + image.getParent().getFileName() + "\"") ? 1 : 0;
    }
    assertThat(testImages).hasSize(30);
    assertThat(correct).as("correct of 30 held-out images (chance 10)").isGreaterThanOrEqualTo(24);
    assertThat(Caches.stats("PredictionService.predict").hits() - hitsBefore).isGreaterThanOrEqualTo(30);
  }

  @Test
  void byDefaultTheCacheStaysInProcessAndNoHazelcastMemberStarts() throws Exception {
    HttpResponse<String> response = post("/predict", Files.readAllBytes(testImages.get(0)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(model.weightsId()).matches("shape-cnn@sha256:[0-9a-f]{64}");
    // decor-jcache and Hazelcast are on the class path, but nothing asked for sharing: the
    // engine never resolved a shared tier, so JCache never started a member.
    assertThat(Hazelcast.getAllHazelcastInstances()).isEmpty();
    var stats = Caches.stats("PredictionService.predict");
    assertThat(stats.hits() + stats.misses()).isPositive();
    assertThat(stats.sharedHits() + stats.sharedMisses() + stats.sharedErrors()).isZero();
    String prometheus = client.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(prometheus).contains("decor_cache_gets_total{").doesNotContain("tier=\"shared\"");
  }

  @Test
  void gradIsOffInTheBatchedForwardOnTheBatchWorkers() throws Exception {
    GradProbe.Checks before = model.batchGradChecks();
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 64; i++) { // distinct bytes: every request reaches the model
        byte[] bytes = TestImages.withText(Files.readAllBytes(testImages.get(i % testImages.size())), "grad-" + i);
        responses.add(clients.submit(() -> post("/predict", bytes)));
      }
      for (Future<HttpResponse<String>> r : responses) {
        assertThat(r.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }
    GradProbe.Checks checks = model.batchGradChecks();
    assertThat(checks.calls() - before.calls()).as("batches").isBetween(1L, 64L);
    assertThat(checks).as("decor grad, libtorch grad and training flag inside classifyAll").isEqualTo(
        new GradProbe.Checks(checks.calls(), 0, 0, 0));
    assertThat(model.isTraining()).isFalse();
  }

  @Test
  @Timeout(120)
  void sixteenConcurrentClientsShareBatchesAndGetTheUnbatchedPredictions() throws Exception {
    int clients = 16;
    int perClient = 4;
    double[] before = batchSizes();
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < clients * perClient; i++) { // distinct bytes: every request is a miss
      bodies.add(TestImages.withText(Files.readAllBytes(testImages.get(i % testImages.size())), "batch-" + i));
    }
    CyclicBarrier start = new CyclicBarrier(clients);
    List<Future<List<String>>> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      for (int c = 0; c < clients; c++) {
        List<byte[]> mine = bodies.subList(c * perClient, (c + 1) * perClient);
        answers.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          List<String> out = new ArrayList<>();
          for (byte[] body : mine) {
            HttpResponse<String> r = post("/predict", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            out.add(r.body());
          }
          return out;
        }));
      }
      for (int c = 0; c < clients; c++) {
        List<String> got = answers.get(c).get(60, TimeUnit.SECONDS);
        for (int k = 0; k < perClient; k++) { // the unbatched forward of the same image, on this thread
          Prediction alone = model.classifyOne(decoder.decode(bodies.get(c * perClient + k), model::input));
          assertSamePrediction(got.get(k), alone);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    double[] after = batchSizes();
    double batches = after[0] - before[0];
    double items = after[1] - before[1];
    double singles = after[2] - before[2];
    assertThat(items).as("images through classifyAll").isEqualTo(clients * perClient);
    assertThat(batches).as("batches for %s images", items).isLessThan(items);
    assertThat(singles).as("batches of one image, of %s batches", batches).isLessThan(batches);
    // Every image was answered, so none was dropped at its queue timeout, and the count says so.
    assertThat(deadlineDrops()).isZero();
  }

  /** decor.batch.deadline.drops of the model in /actuator/prometheus (its queue timeout's drops). */
  private double deadlineDrops() throws IOException, InterruptedException {
    String text = client.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher line = Pattern.compile("^decor_batch_deadline_drops_total\\{name=\"[^\"]*classify\","
        + "priority=\"0\"\\} (\\S+)$", Pattern.MULTILINE).matcher(text);
    assertThat(line.find()).as("the drops meter in %s", text).isTrue();
    return Double.parseDouble(line.group(1));
  }

  /** decor.batch.size of the model in /actuator/prometheus: batches, images, batches of one. */
  private double[] batchSizes() throws IOException, InterruptedException {
    String text = client.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher name = Pattern.compile("^decor_batch_size_count\\{name=\"([^\"]*classify)\"\\}", Pattern.MULTILINE).matcher(text);
    if (!name.find()) {
      return new double[3]; // no batch yet
    }
    String tag = "name=\"" + name.group(1) + "\"";
    return new double[] {value(text, "decor_batch_size_count{" + tag + "}"), value(text, "decor_batch_size_sum{" + tag + "}"),
        value(text, "decor_batch_size_bucket{" + tag + ",le=\"1.0\"}")};
  }

  private static void assertSamePrediction(String json, Prediction expected) {
    assertThat(json).startsWith("{\"label\":\"" + expected.label() + "\"");
    for (var score : expected.scores().entrySet()) {
      Matcher m = Pattern.compile("\"" + Pattern.quote(score.getKey()) + "\":([0-9.]+)").matcher(json);
      assertThat(m.find()).as(json).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as("%s in %s", score.getKey(), json)
          .isCloseTo(score.getValue(), within(2e-4));
    }
  }

  @Test
  void requestHandlersRunOnVirtualThreadsWhereTheJvmHasThem() {
    Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
    String executor = connector.getProtocolHandler().getExecutor().getClass().getName();
    if (Runtime.version().feature() >= 21) {
      assertThat(executor).contains("VirtualThread");
    } else {
      assertThat(executor).doesNotContain("VirtualThread");
    }
  }

  @Test
  void grayscaleAndPalettePngsScoreExactlyAsTheSameGrayInRgb() throws Exception {
    for (Path image : testImages.subList(0, 12)) {
      BufferedImage decoded = TestImages.read(Files.readAllBytes(image));
      HttpResponse<String> rgb = post("/predict", TestImages.png(TestImages.grayAsRgb(decoded)));
      assertThat(rgb.statusCode()).isEqualTo(200);
      String expected = rgb.body();
      assertThat(post("/predict", TestImages.png(TestImages.gray(decoded))).body()).isEqualTo(expected);
      assertThat(post("/predict", TestImages.png(TestImages.grayPalette(decoded))).body()).isEqualTo(expected);
    }
  }

  @Test
  void corruptTruncatedAndNonImagesAre400Json() throws Exception {
    byte[] png = Files.readAllBytes(testImages.get(0));
    assertProblem(post("/predict", Arrays.copyOf(png, png.length / 2)), 400, "corrupt or truncated");
    assertProblem(post("/predict", "not an image".getBytes(StandardCharsets.UTF_8)), 400, "not a PNG, JPEG");
    assertProblem(post("/predict", new byte[0]), 400, "empty");
  }

  @Test
  void hugeDimensionsAre422BeforeDecodingAndOversizeBodiesAre413() throws Exception {
    assertProblem(post("/predict", TestImages.pngHeaderOnly(28_000, 28_000)), 422, "28000×28000");
    assertProblem(post("/predict", TestImages.pngHeaderOnly(5000, 10)), 422, "at most 4096×4096");
    assertProblem(post("/predict", new byte[1_048_577]), 413, "at most 1048576 bytes");
    HttpRequest chunked = HttpRequest.newBuilder(uri("/predict"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[2_000_000])))
        .build(); // no Content-Length: counted while reading
    assertProblem(client.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "at most 1048576 bytes");
    assertProblem(post("/predict", Files.readAllBytes(testImages.get(0))), 200, "label");
  }

  @Test
  void pathsMatchExactlyAndEveryErrorIsJson() throws Exception {
    assertProblem(post("/predictXYZ", Files.readAllBytes(testImages.get(0))), 404, "predictXYZ");
    assertProblem(post("/predict/", Files.readAllBytes(testImages.get(0))), 404, "");
    assertProblem(client.send(HttpRequest.newBuilder(uri("/predict")).GET().build(),
        HttpResponse.BodyHandlers.ofString()), 405, "'GET' is not supported");
  }

  @Test
  @Timeout(30)
  void aBodyThatStallsIs408ProblemJson() throws Exception {
    // 10 of 1,000 declared bytes, then nothing: Tomcat's 5 s connection timeout ends the read
    String response = exchange("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789");
    assertRawProblem(response, 408, "the request body stopped arriving");
  }

  @Test
  void requestsTomcatRefusesBeforeTheAppAreProblemJsonToo() throws Exception {
    assertRawProblem(exchange("GET /pre{dict HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "Invalid character found in the request target");
    assertRawProblem(exchange("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "");
    assertRawProblem(exchange("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n"), 400, "");
    assertRawProblem(exchange("POST /predict HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"), 400, "");
    assertRawProblem(exchange("GET /predict HTTP/1.1\r\n\r\n"), 400, ""); // no Host header
  }

  @Test
  void aMultipartUploadIs415SayingToSendTheImagesBytes() throws Exception {
    byte[] image = Files.readAllBytes(testImages.get(0));
    String boundary = "decor-test-boundary";
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"circle.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    form.writeBytes(image);
    form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/predict"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertProblem(response, 415, "send the image's bytes as the request body (curl --data-binary @image.png");
  }

  @Test
  void aBodyThatFindsTheBodyBudgetFullIs503WithRetryAfter() throws Exception {
    byte[] image = TestImages.withText(Files.readAllBytes(testImages.get(3)), "budget");
    long held = 0; // all of it: what large bodies may take, then small pieces of the rest
    for (long piece = bodyBudget.largest(); piece > 0; piece = Math.min(piece, bodyBudget.capacity() / 64)) {
      if (!bodyBudget.tryReserve(piece, 0)) {
        break;
      }
      held += piece;
    }
    try {
      HttpResponse<String> refused = post("/predict", image);
      assertProblem(refused, 503, "too many large request bodies");
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    } finally {
      bodyBudget.release(held);
    }
    assertProblem(post("/predict", image), 200, "label");
  }

  @Test
  void fiftySlowHeaderClientsAndFiveSlowBodyClientsDoNotStopNormalRequests() throws Exception {
    List<Socket> slow = new ArrayList<>();
    ExecutorService dribblers = Executors.newFixedThreadPool(55);
    try {
      for (int i = 0; i < 50; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        slow.add(s);
        dribblers.submit(() -> slowHeaders(s));
      }
      List<Future<String>> bodyClients = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        slow.add(s);
        bodyClients.add(dribblers.submit(() -> SlowClients.slowBody(s, 100_000, Duration.ofSeconds(15))));
      }
      Thread.sleep(500);
      byte[] image = Files.readAllBytes(testImages.get(1));
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/predict"))
            .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofByteArray(
                TestImages.withText(image, "slow-" + i))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      for (Future<String> body : bodyClients) { // sample.body-read-timeout=3s: answered 408
        assertThat(body.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 408").contains("application/problem+json");
      }
    } finally {
      dribblers.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
      assertThat(dribblers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aPredictionIsASpanInItsRequestsTraceAndTheForwardASpanInItsBatchWhichLinksIt() throws Exception {
    // A fresh cache key, so the request reaches the model.
    byte[] image = TestImages.withText(Files.readAllBytes(testImages.get(4)), "trace");
    // The request comes in a trace of its own (W3C traceparent, Boot's default propagation), so its
    // spans are told apart from those of the other tests' requests, which the exporter also holds.
    String traceId = UUID.randomUUID().toString().replace("-", "");
    String traceparent = "00-" + traceId + "-" + traceId.substring(0, 16) + "-01";
    assertThat(post("/predict", image, "traceparent", traceparent).statusCode()).isEqualTo(200);

    // The batch span processor exports every few seconds.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    SpanData predict = null;
    SpanData wait = null;
    SpanData batch = null;
    SpanData forward = null;
    while (forward == null && System.nanoTime() < deadline) {
      Thread.sleep(100); // polling for spans to arrive, not waiting before a negative assertion
      List<SpanData> done = spans.getFinishedSpanItems();
      predict = first(done, s -> s.getTraceId().equals(traceId)
          && s.getName().equals("PredictionService.predict"));
      // The request's wait for its batch, under the prediction ...
      String predictId = predict == null ? "" : predict.getSpanId();
      wait = first(done, s -> s.getName().equals("ShapeModel.classify")
          && s.getParentSpanId().equals(predictId));
      // ... the batch that links it ...
      String waitId = wait == null ? "" : wait.getSpanId();
      batch = first(done, s -> s.getName().equals("ShapeModel.classify") && s.getLinks().stream()
          .anyMatch(link -> link.getSpanContext().getSpanId().equals(waitId)));
      // ... and the forward in that batch.
      String batchId = batch == null ? "" : batch.getSpanId();
      forward = first(done, s -> s.getName().equals("ShapeModel.classifyAll")
          && s.getParentSpanId().equals(batchId));
    }
    assertThat(predict).as("the span of PredictionService.predict in the request's trace")
        .isNotNull();
    java.util.Map<String, SpanData> byId = new java.util.HashMap<>();
    spans.getFinishedSpanItems().forEach(s -> byId.put(s.getSpanId(), s));
    SpanData request = byId.get(predict.getParentSpanId());
    assertThat(request).as("the request's server span").isNotNull();
    assertThat(request.getName()).containsIgnoringCase("/predict");
    assertThat(predict.getAttributes().asMap().toString()).contains("outcome=success");
    assertThat(wait).as("the span of the request's wait for its batch, under " + predict)
        .isNotNull();
    // The forward runs on the batch worker, in the batch's span (a root: it serves many requests),
    // linked to the span of each request's wait for it: this one's among them.
    assertThat(batch).as("the batch's span, linking " + wait).isNotNull();
    assertThat(batch.getParentSpanContext().isValid()).isFalse();
    SpanData waitSpan = wait;
    assertThat(batch.getLinks()).anySatisfy(link -> {
      assertThat(link.getSpanContext().getSpanId()).isEqualTo(waitSpan.getSpanId());
      assertThat(link.getSpanContext().getTraceId()).isEqualTo(request.getTraceId());
    });
    assertThat(forward).as("the span of ShapeModel.classifyAll in " + batch).isNotNull();
  }

  /** The first of {@code spans} that {@code which} accepts, or null. */
  private static SpanData first(List<SpanData> spans, Predicate<SpanData> which) {
    return spans.stream().filter(which).findFirst().orElse(null);
  }


  @Test
  void prometheusShowsDecorsTimersCachesAndRetries() throws Exception {
    post("/predict", Files.readAllBytes(testImages.get(2)));
    post("/predict", Files.readAllBytes(testImages.get(2)));
    Path notADirectory = Files.createTempFile("not-a-dir", ".txt");
    try {
      trainingData.load(config.withDataDir(notADirectory)); // fails 3 times: UncheckedIOException
    } catch (UncheckedIOException expected) {
      // counted below
    } finally {
      Files.delete(notADirectory);
    }
    String text = client.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).body();

    String predict = "class=\"dev.decor.examples.spring.PredictionService\",exception=\"none\",method=\"predict\"";
    assertThat(value(text, "method_timed_seconds_count{" + predict + "}")).isGreaterThanOrEqualTo(2);
    assertThat(text).contains("method_timed_seconds{" + predict + ",quantile=\"0.99\"}");
    String classify = "class=\"dev.decor.examples.spring.ShapeModel\",exception=\"none\",method=\"classify\"";
    String classifyAll = "class=\"dev.decor.examples.spring.ShapeModel\",exception=\"none\",method=\"classifyAll\"";
    assertThat(value(text, "model_inference_seconds_count{" + classifyAll + "}")).isGreaterThanOrEqualTo(1);
    // From @Timed(value = "model.inference", percentiles = {0.5, 0.95, 0.99}) itself.
    assertThat(text).contains("model_inference_seconds{" + classifyAll + ",quantile=\"0.99\"}");
    assertThat(value(text, "method_timed_seconds_count{" + classify + "}"))
        .as("the model timers count misses only").isLessThan(value(text, "method_timed_seconds_count{" + predict + "}"));
    assertThat(value(text, "model_inference_seconds_count{" + classifyAll + "}"))
        .as("one forward per batch").isLessThanOrEqualTo(value(text, "method_timed_seconds_count{" + classify + "}"));

    // The engine's own cache meters, in the context's registry through the starter.
    String cache = "name=\"PredictionService.predict\"";
    var stats = Caches.stats("PredictionService.predict");
    assertThat(value(text, "decor_cache_gets_total{" + cache + ",result=\"hit\",tier=\"local\"}")).isBetween(1.0, (double) stats.hits());
    assertThat(value(text, "decor_cache_gets_total{" + cache + ",result=\"miss\",tier=\"local\"}")).isBetween(1.0, (double) stats.misses());

    assertThat(value(text, "resilience4j_retry_calls_total{kind=\"failed_with_retry\",name=\"TrainingData.load\"}")).isEqualTo(1);
    assertThat(text).contains("http_server_requests_seconds_count{").contains("jvm_memory_used_bytes{");
  }

  @Test
  void actuatorDecorShowsEachChainItsModeAndTheCache() throws Exception {
    post("/predict", Files.readAllBytes(testImages.get(3)));
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/actuator/decor")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    String decor = response.body();
    String predict = "$.methods[?(@.name == 'PredictionService.predict')]";
    assertThat(JsonPath.<List<String>>read(decor, predict + ".mode")).containsExactly("woven");
    assertThat(JsonPath.<List<String>>read(decor, predict + ".chain[*].decorator"))
        .containsExactly("TIMED", "FALLBACK", "CACHED");
    String classify = "$.methods[?(@.name == 'ShapeModel.classify')]";
    assertThat(JsonPath.<List<String>>read(decor, classify + ".mode")).containsExactly("generated");
    assertThat(JsonPath.<List<String>>read(decor, classify + ".chain[*].decorator"))
        .containsExactly("TIMED", "BATCHED");
    var stats = Caches.stats("PredictionService.predict");
    assertThat(JsonPath.<Integer>read(decor, "$.caches['PredictionService.predict'].maxSize")).isEqualTo(1024);
    assertThat(JsonPath.<Integer>read(decor, "$.caches['PredictionService.predict'].size"))
        .isBetween(1, (int) stats.size());
  }

  @Test
  void healthAndReadinessAreUpOnceTrained() throws Exception {
    for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"status\":\"UP\"");
    }
  }

  private static double value(String prometheus, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(prometheus);
    assertThat(m.find()).as("series %s in%n%s", series, prometheus).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** A raw HTTP/1.1 response carrying an RFC 9457 problem with {@code status} and {@code detail}. */
  private static void assertRawProblem(String response, int status, String detail) {
    assertThat(response).as(response).startsWith("HTTP/1.1 " + status + " ")
        .containsIgnoringCase("\r\nContent-Type: application/problem+json\r\n")
        .contains("\"status\":" + status).contains(detail);
  }

  /** Sends {@code request} as it is on a new connection; what comes back until the server closes it (at most 15 s). */
  private String exchange(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
          in.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException | SocketException closed) {
        // what arrived is the answer
      }
      return in.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static void assertProblem(HttpResponse<String> response, int status, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains(detail);
    if (status != 200) {
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(response.body()).contains("\"status\":" + status);
    }
  }

  /** Sends {@code head}, then a header line every 200 ms until the socket is closed (at most 200 s). */
  private static Void slowHeaders(Socket socket) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write("POST /predict HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 1_000 && !socket.isClosed(); i++) {
        out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Thread.sleep(200);
      }
    } catch (IOException | InterruptedException e) {
      // closed by the test
    }
    return null;
  }

  /** POSTs {@code body}, with {@code headers} as name, value pairs. */
  private HttpResponse<String> post(String path, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
