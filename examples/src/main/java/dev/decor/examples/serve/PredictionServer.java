package dev.decor.examples.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code serve} mode: a small HTTP API on localhost over a {@link ClassifierService}.
 *
 * <ul>
 *   <li>{@code POST /predict} — body: PNG or JPEG bytes; answer: JSON label and scores
 *       ({@link Prediction#toJson()}); 400 if the body is not an image.
 *   <li>{@code GET /metrics} — Prometheus text from {@link Telemetry} (the {@code @Timed} timers
 *       with p50/p95/p99, and whatever else is registered).
 * </ul>
 *
 * <p>Binds 127.0.0.1 only; handles requests on a small pool (each pool thread starts with
 * libtorch grad on — {@code @InferenceMode} is what turns it off). Thread-safe; {@link #close()}
 * stops it.
 */
public final class PredictionServer implements AutoCloseable {
  private static final int MAX_BODY = 8 << 20;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ClassifierService service;
  private final Telemetry telemetry;

  private PredictionServer(ClassifierService service, Telemetry telemetry, int port) throws IOException {
    this.service = service;
    this.telemetry = telemetry;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "predict-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/predict", this::predict);
    server.createContext("/metrics", this::metrics);
    server.start();
  }

  /** Starts serving on {@code port} of 127.0.0.1 (0 = a free port). */
  public static PredictionServer start(ClassifierService service, Telemetry telemetry, int port) throws IOException {
    return new PredictionServer(service, telemetry, port);
  }

  /** E.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void predict(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Allow", "POST");
        send(exchange, 405, "text/plain", "POST image bytes to /predict\n");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length == 0 || body.length > MAX_BODY) {
        send(exchange, 400, "application/json", "{\"error\":\"body must be one image of at most 8 MiB\"}");
        return;
      }
      try {
        send(exchange, 200, "application/json", service.predict(body).toJson());
      } catch (IllegalArgumentException e) {
        send(exchange, 400, "application/json", "{\"error\":\"not a PNG or JPEG image\"}");
      }
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Allow", "GET");
        send(exchange, 405, "text/plain", "GET /metrics\n");
        return;
      }
      send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", telemetry.scrape());
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
