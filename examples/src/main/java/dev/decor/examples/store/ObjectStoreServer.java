package dev.decor.examples.store;

import com.sun.net.httpserver.HttpExchange;
import dev.decor.examples.http.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A small, deliberately flaky object store over HTTP on loopback — a stand-in for S3 or GCS. It
 * serves the files under a root folder and answers a configurable share of object requests with
 * {@code 503 Service Unavailable}, as a busy cloud store does.
 *
 * <ul>
 *   <li>{@code GET /objects} — the keys (paths relative to the root), one per line; never fails.
 *   <li>{@code GET /objects/<key>} — the bytes; 404 if there is no such object; 503 for the
 *       injected share, but never more than {@code maxConsecutiveFailures} times in a row for one
 *       key, so a client that retries enough always gets through — except during an
 *       {@linkplain #outage outage}, when every object request gets a 503.
 * </ul>
 *
 * <pre>{@code
 * try (ObjectStoreServer store = ObjectStoreServer.start(dir, 0.2, 3, 42)) {
 *   ImageStore client = new ImageStore(store.uri());
 * }
 * }</pre>
 *
 * <p>Binds 127.0.0.1 on a free port. Thread-safe; {@link #close()} stops it.
 */
public final class ObjectStoreServer implements AutoCloseable {
  private final Path root;
  private final double failureRate;
  private final int maxConsecutiveFailures;
  private final SplittableRandom random;
  private final LoopbackServer server;
  private final Map<String, Integer> consecutiveFailures = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong injectedFailures = new AtomicLong();
  private final AtomicLong outageFailures = new AtomicLong();
  private volatile boolean outage;

  private ObjectStoreServer(Path root, double failureRate, int maxConsecutiveFailures, long seed) throws IOException {
    if (!(failureRate >= 0 && failureRate < 1)) {
      throw new IllegalArgumentException("failureRate must be in [0, 1), was " + failureRate);
    }
    if (maxConsecutiveFailures < 0) {
      throw new IllegalArgumentException("maxConsecutiveFailures must be at least 0, was " + maxConsecutiveFailures);
    }
    this.root = root.toAbsolutePath().normalize();
    this.failureRate = failureRate;
    this.maxConsecutiveFailures = maxConsecutiveFailures;
    this.random = new SplittableRandom(seed);
    this.server = LoopbackServer.start(0, "object-store", 2, "/objects", this::handle);
  }

  /**
   * Starts serving {@code root}; {@code failureRate} of object requests get a 503.
   *
   * @throws IllegalArgumentException if {@code failureRate} is outside [0, 1)
   * @throws IOException if the server cannot bind
   */
  public static ObjectStoreServer start(Path root, double failureRate, int maxConsecutiveFailures, long seed)
      throws IOException {
    return new ObjectStoreServer(Objects.requireNonNull(root, "root"), failureRate, maxConsecutiveFailures, seed);
  }

  /** The base address, e.g. {@code http://127.0.0.1:41234/}. */
  public URI uri() {
    return server.uri();
  }

  /** Object requests received (list requests not counted). */
  public long requests() {
    return requests.get();
  }

  /** 503s sent on purpose (outages not counted). */
  public long injectedFailures() {
    return injectedFailures.get();
  }

  /** Starts ({@code true}) or ends an outage: meanwhile every object request gets a 503. */
  public void outage(boolean down) {
    this.outage = down;
  }

  /** 503s sent during outages. */
  public long outageFailures() {
    return outageFailures.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (LoopbackServer.rejectUnless(exchange, "GET")) {
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String key = path.length() > "/objects/".length() ? path.substring("/objects/".length()) : "";
      if (key.isEmpty()) {
        LoopbackServer.send(exchange, 200, "text/plain", listing());
        return;
      }
      requests.incrementAndGet();
      Path file = root.resolve(key).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        LoopbackServer.send(exchange, 404, "text/plain", "no such object: " + key + "\n");
        return;
      }
      if (outage) {
        outageFailures.incrementAndGet();
        LoopbackServer.send(exchange, 503, "text/plain", "down for maintenance\n");
        return;
      }
      if (shouldFail(key)) {
        injectedFailures.incrementAndGet();
        LoopbackServer.send(exchange, 503, "text/plain", "slow down\n");
        return;
      }
      LoopbackServer.send(exchange, 200, "application/octet-stream", Files.readAllBytes(file));
    }
  }

  private boolean shouldFail(String key) {
    boolean fail;
    synchronized (random) {
      fail = random.nextDouble() < failureRate;
    }
    int streak = consecutiveFailures.merge(key, fail ? 1 : 0, (old, one) -> one == 0 ? 0 : old + 1);
    if (streak > maxConsecutiveFailures) {
      consecutiveFailures.put(key, 0);
      return false;
    }
    return fail;
  }

  private String listing() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(k -> !k.startsWith("."))
          .sorted()
          .collect(Collectors.joining("\n", "", "\n"));
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
