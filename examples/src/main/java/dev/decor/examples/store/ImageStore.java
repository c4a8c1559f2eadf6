package dev.decor.examples.store;

import dev.decor.CircuitBreaker;
import dev.decor.Retry;
import dev.decor.Timed;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Client of an HTTP object store ({@link ObjectStoreServer}) — the Java side of Python's
 * {@code @retry(tries=5, delay=0.02, backoff=2) def fetch_batch_from_s3(key)}.
 *
 * <p>{@link #fetch} is {@code @Retry}: a 503 or a dropped connection is retried up to 5 attempts
 * in all, waiting 20, 40, 80 and 160 ms; a missing object ({@link NoSuchFileException}) is not
 * retried. Each call is timed, retries and waits included. Each attempt goes through a
 * {@code @CircuitBreaker} (pybreaker's {@code CircuitBreaker(fail_max=…)}): the store's usual 503s
 * leave it closed, but when 16 of the last 20 requests failed (an outage) it opens, and for 500 ms
 * every fetch fails at once with {@link CallNotPermittedException} without a request — which
 * {@code @Retry} does not retry. A missing object is the caller's problem, not the store's: the
 * breaker ignores it. In the app this class is woven by AspectJ at compile time. Thread-safe.
 */
public class ImageStore {
  private final URI base;
  private final HttpClient http;
  private final LongAdder attempts = new LongAdder();
  private final LongAdder unavailable = new LongAdder();

  /** A client of the store at {@code base} (e.g. {@code http://127.0.0.1:41234/}). */
  public ImageStore(URI base) {
    this.base = Objects.requireNonNull(base, "base");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /**
   * The object's bytes.
   *
   * @throws StoreUnavailableException when the store answered 503 on every attempt
   * @throws CallNotPermittedException while the breaker is open (no request is sent)
   * @throws NoSuchFileException if there is no such object (not retried)
   * @throws IOException on other I/O failures, after the last attempt
   */
  @Timed(percentiles = {0.5, 0.95, 0.99})
  @Retry(maxAttempts = 5, delay = "20ms", multiplier = 2,
      ignore = {NoSuchFileException.class, CallNotPermittedException.class})
  @CircuitBreaker(window = 20, failureRate = 80, openFor = "500ms", halfOpenCalls = 2,
      ignore = NoSuchFileException.class)
  public byte[] fetch(String key) throws IOException, InterruptedException {
    attempts.increment();
    HttpResponse<byte[]> response = http.send(get("objects/" + encode(key)), HttpResponse.BodyHandlers.ofByteArray());
    switch (response.statusCode()) {
      case 200:
        return response.body();
      case 404:
        throw new NoSuchFileException(key);
      case 503:
        unavailable.increment();
        throw new StoreUnavailableException(key);
      default:
        throw new IOException("GET " + key + " answered " + response.statusCode());
    }
  }

  /** Every key in the store, sorted. */
  public List<String> list() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(get("objects"), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("listing answered " + response.statusCode());
    }
    return response.body().lines().filter(s -> !s.isBlank()).toList();
  }

  /** HTTP requests {@link #fetch} has made, retries included. */
  public long attempts() {
    return attempts.sum();
  }

  /** 503 answers {@link #fetch} has seen. */
  public long unavailableAnswers() {
    return unavailable.sum();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
  }

  private static String encode(String key) {
    return Arrays.stream(key.split("/"))
        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("/"));
  }

  /** The store answered 503: busy, try again later. */
  public static final class StoreUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String key) {
      super("object store unavailable (503) for " + key);
    }
  }
}
