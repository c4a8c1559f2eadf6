package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Uploads of the largest accepted size ({@code sample.max-image-bytes}, 4 MiB) that the service
 * refuses before reading their body — 415 for a multipart form, 503 while the body budget is full —
 * still get their answer while the client is sending the body ({@link LingeringCloseValve}):
 * the answer says {@code Connection: close}, and the connection ends in order only after the body
 * has been read, instead of being reset with the body unread (Tomcat alone reads 64 KB of it). The
 * service in its own JVM with the documented limits ({@link ServiceJvm}), as in
 * {@link MemoryProbeTest}, whose 150 large uploads found it.
 */
class RefusedUploadTest {
  /** {@code sample.max-image-bytes}, the documented default. */
  private static final int MAX_BODY = 4 << 20;
  private static final String FORM = "multipart/form-data; boundary=x";

  private static ServiceJvm service;

  @BeforeAll
  static void startService() throws Exception {
    service = ServiceJvm.start("refused", ServiceJvm.freePort(), List.of(), List.of("--sample.data-dir=target/memory-shapes",
        "--sample.images-per-class=10", "--sample.test-images-per-class=1", "--sample.epochs=1"));
    service.awaitReady(Duration.ofSeconds(100));
  }

  @AfterAll
  static void stopService() throws InterruptedException {
    if (service != null) {
      service.close();
    }
  }

  @Test
  @Timeout(60)
  void aFormUploadIsAnsweredAndThenItsWholeBodyReadBeforeTheConnectionEnds() throws Exception {
    assertRawProblem(answerThenBody("Content-Type: " + FORM + "\r\n", MAX_BODY), 415, "not a multipart form upload");
  }

  @Test
  @Timeout(60)
  void anUploadFindingTheBodyBudgetFullIsAnsweredAndThenItsWholeBodyReadBeforeTheConnectionEnds() throws Exception {
    // 14 bodies of 4 MiB still arriving hold the large bodies' share of the budget (56 of 64 MiB)
    List<ServiceJvm.InFlight> holding = new ArrayList<>();
    try {
      for (int i = 0; i < 14; i++) {
        holding.add(service.beginPredict(new byte[MAX_BODY]));
      }
      awaitBodyBudgetUsed(14L * MAX_BODY); // each is reserved once its handler runs
      assertRawProblem(answerThenBody("", MAX_BODY), 503, "too many large request bodies");
    } finally {
      for (ServiceJvm.InFlight body : holding) {
        body.close();
      }
    }
  }

  /**
   * java.net.http's client sends the body while it reads the answer: each of 10 refused uploads, one
   * after another, must end with its 415, not an {@link IOException} (before: 26 of 40 failed).
   */
  @Test
  @Timeout(120)
  void httpClientUploadsRefusedBeforeTheirBodyIsReadAllGetTheirAnswer() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int i = 0; i < 10; i++) {
      String outcome;
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(service.uri("/predict")).header("Content-Type", FORM)
            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[MAX_BODY])).build(),
            HttpResponse.BodyHandlers.ofString());
        outcome = r.statusCode() + " Connection: " + r.headers().firstValue("Connection").orElse("-");
      } catch (IOException e) {
        outcome = e.toString();
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    assertThat(outcomes).containsExactly(Map.entry("415 Connection: close", 10));
  }

  /** Polls {@code sample_budget_used_bytes{budget="body"}} until it is {@code bytes} (at most 30 s). */
  private static void awaitBodyBudgetUsed(long bytes) throws IOException, InterruptedException {
    Pattern used = Pattern.compile("(?m)^sample_budget_used_bytes\\{budget=\"body\"\\} (\\S+)$");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    double now = -1;
    while (System.nanoTime() - deadline < 0) {
      Matcher m = used.matcher(service.get("/actuator/prometheus"));
      now = m.find() ? Double.parseDouble(m.group(1)) : -1;
      if (now == bytes) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("body budget used: " + now + " bytes, not " + bytes);
  }

  /**
   * {@code POST /predict} declaring {@code length} body bytes, on a connection of its own: the head,
   * then the whole answer (which comes before any of the body), then the body; the answer, once it
   * is known to say {@code Connection: close} and the connection has then ended in order.
   */
  private static String answerThenBody(String headers, int length) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.uri("/").getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /predict HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: " + length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!whole(answer.toString(StandardCharsets.ISO_8859_1))) {
        int n = socket.getInputStream().read(buffer);
        assertThat(n).as("the answer so far: %s", answer).isPositive();
        answer.write(buffer, 0, n);
      }
      String text = answer.toString(StandardCharsets.ISO_8859_1);
      assertThat(text).containsIgnoringCase("\r\nConnection: close\r\n");
      out.write(new byte[length]); // before: "Broken pipe", the connection reset with the body unread
      out.flush();
      assertThat(socket.getInputStream().read()).as("after the body: the end of the stream").isEqualTo(-1);
      return text;
    }
  }

  /** Whether {@code response} is a whole HTTP/1.1 response: its head, and its body by Content-Length or to the last chunk. */
  private static boolean whole(String response) {
    int head = response.indexOf("\r\n\r\n");
    if (head < 0) {
      return false;
    }
    Matcher length = Pattern.compile("(?i)\r\nContent-Length: (\\d+)\r\n").matcher(response.substring(0, head + 2));
    return length.find() ? response.length() - head - 4 >= Integer.parseInt(length.group(1))
        : response.endsWith("\r\n0\r\n\r\n");
  }

  /** A raw HTTP/1.1 response carrying an RFC 9457 problem with {@code status} and {@code detail}. */
  private static void assertRawProblem(String response, int status, String detail) {
    assertThat(response).as(response).startsWith("HTTP/1.1 " + status + " ")
        .containsIgnoringCase("\r\nContent-Type: application/problem+json\r\n")
        .contains("\"status\":" + status).contains(detail);
  }
}
