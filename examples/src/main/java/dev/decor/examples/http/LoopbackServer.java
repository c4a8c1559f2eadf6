package dev.decor.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK {@link HttpServer} bound to 127.0.0.1 with its own small pool of daemon threads — what
 * the app's object store and prediction API run on. Thread-safe; {@link #close()} stops both.
 */
public final class LoopbackServer implements AutoCloseable {
  static {
    // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to every small response.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private LoopbackServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code port} (0 = a free one) and starts {@code threads} handler threads named {@code name}. */
  public static LoopbackServer start(int port, String name, int threads, String path, HttpHandler handler)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext(path, handler);
    LoopbackServer started = new LoopbackServer(server, executor);
    server.start();
    return started;
  }

  /** Adds another handler. */
  public LoopbackServer route(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  /** E.g. {@code http://127.0.0.1:41234/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Sends {@code status} with {@code body} (and {@code type}, if not null). */
  public static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Sends {@code status} with a UTF-8 text body. */
  public static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers 405 naming the allowed method, and returns true, unless the request uses {@code method}. */
  public static boolean rejectUnless(HttpExchange exchange, String method) throws IOException {
    if (method.equals(exchange.getRequestMethod())) {
      return false;
    }
    exchange.getResponseHeaders().add("Allow", method);
    send(exchange, 405, "text/plain", "use " + method + "\n");
    return true;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
