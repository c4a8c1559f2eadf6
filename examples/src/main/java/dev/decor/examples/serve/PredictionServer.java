package dev.decor.examples.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.decor.examples.http.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
 * <p>Binds 127.0.0.1 only. On Java 21+ each request is handled on its own virtual thread, as
 * Spring Boot ({@code spring.threads.virtual.enabled}), Helidon 4 and Quarkus do; start the JVM
 * with {@code -D}{@value #VIRTUAL_PROPERTY}{@code =false} to handle them on the server's small
 * pool instead. Either way a handler starts with libtorch grad on, and {@code @InferenceMode} is
 * what turns it off: on a virtual thread decor runs {@code predict}'s body on one of its
 * {@code decor-model-N} platform threads, because libtorch's grad mode belongs to the OS thread.
 * Thread-safe; {@link #close()} stops it.
 */
public final class PredictionServer implements AutoCloseable {
  /** The system property that turns virtual-thread handlers off ({@code false}). */
  public static final String VIRTUAL_PROPERTY = "decor.examples.virtualThreads";

  private static final int MAX_BODY = 8 << 20;

  private final LoopbackServer server;
  private final ClassifierService service;
  private final Telemetry telemetry;
  /** Runs each request on a new virtual thread; null to run it on the server's pool thread. */
  private final ExecutorService handlers;

  private PredictionServer(ClassifierService service, Telemetry telemetry, int port) throws IOException {
    this.service = service;
    this.telemetry = telemetry;
    this.handlers = Boolean.parseBoolean(System.getProperty(VIRTUAL_PROPERTY, "true"))
        ? virtualThreadsOrNull() : null;
    this.server = LoopbackServer.start(port, "predict-http", 4, "/predict", onHandlerThread(this::predict))
        .route("/metrics", onHandlerThread(this::metrics));
  }

  /** A virtual thread per task on Java 21+ (this sample is compiled for 17), else null. */
  private static ExecutorService virtualThreadsOrNull() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
          .invoke(null);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** Whether requests are handled on virtual threads. */
  public boolean virtualThreads() {
    return handlers != null;
  }

  private HttpHandler onHandlerThread(HttpHandler handler) {
    if (handlers == null) {
      return handler;
    }
    // The exchange stays open after handle() returns; the virtual thread answers and closes it.
    return exchange -> handlers.execute(() -> {
      try {
        handler.handle(exchange);
      } catch (IOException | RuntimeException e) {
        exchange.close();
      }
    });
  }

  /** Starts serving on {@code port} of 127.0.0.1 (0 = a free port). */
  public static PredictionServer start(ClassifierService service, Telemetry telemetry, int port) throws IOException {
    return new PredictionServer(service, telemetry, port);
  }

  /** E.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return server.uri();
  }

  private void predict(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (LoopbackServer.rejectUnless(exchange, "POST")) {
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length == 0 || body.length > MAX_BODY) {
        LoopbackServer.send(exchange, 400, "application/json", "{\"error\":\"body must be one image of at most 8 MiB\"}");
        return;
      }
      try {
        LoopbackServer.send(exchange, 200, "application/json", service.predict(body).toJson());
      } catch (IllegalArgumentException e) {
        LoopbackServer.send(exchange, 400, "application/json", "{\"error\":\"not a PNG or JPEG image\"}");
      }
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (LoopbackServer.rejectUnless(exchange, "GET")) {
        return;
      }
      LoopbackServer.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", telemetry.scrape());
    }
  }

  @Override
  public void close() {
    server.close();
    if (handlers != null) {
      handlers.shutdownNow();
    }
  }
}
