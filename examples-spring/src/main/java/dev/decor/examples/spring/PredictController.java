package dev.decor.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /predict}: the request body is one image, sent as its raw bytes; the answer is
 * {@code {"label":"circle","scores":{...}}}. The body is read here, not by a message converter, so
 * its size is bounded (413 beyond {@code sample.max-image-bytes}, refused from
 * {@code Content-Length} before reading when the client declares it), so is the memory all bodies
 * together hold (the {@code sample.body-budget}: its bytes are reserved before the buffer is
 * allocated — from {@code Content-Length}, or as a chunked body grows — and a body that does not
 * fit is refused with 503 and {@code Retry-After}), and so is the time it may take to arrive
 * ({@code sample.body-read-timeout}, or Tomcat's connection timeout without a byte: 408). A
 * multipart form upload is refused with 415 before reading: send the bytes themselves. 503 until
 * the model has trained. Errors are {@code application/problem+json} ({@link ErrorAdvice}).
 * Thread-safe.
 */
@RestController
public class PredictController {
  /** The first buffer of a body of unknown length; it doubles from there. */
  private static final int FIRST_CHUNK = 8192;

  private final PredictionService service;
  private final ModelTraining training;
  private final ByteBudget bodyBudget;
  private final int maxBytes;
  private final long bodyReadTimeoutNanos;

  public PredictController(PredictionService service, ModelTraining training, ByteBudget bodyBudget,
      SampleProperties properties) {
    this.service = service;
    this.training = training;
    this.bodyBudget = bodyBudget;
    this.maxBytes = Math.toIntExact(properties.maxImageBytes().toBytes());
    this.bodyReadTimeoutNanos = properties.bodyReadTimeout().toNanos();
  }

  @PostMapping(path = "/predict", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> predict(HttpServletRequest request) throws IOException {
    if (!training.isReady()) {
      throw new ImageRejectedException(HttpStatus.SERVICE_UNAVAILABLE, "the model is still training; retry shortly");
    }
    String type = request.getContentType();
    if (type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length())) {
      throw new ImageRejectedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send the image's bytes as the request body"
          + " (curl --data-binary @image.png -H 'Content-Type: image/png'), not a multipart form upload (curl -F)");
    }
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge();
    }
    Body body = readBody(request.getInputStream(), declared);
    try {
      if (body.bytes().length == 0) {
        throw new ImageRejectedException(HttpStatus.BAD_REQUEST, "the request body must be one image; it was empty");
      }
      return ResponseEntity.ok(service.predict(body.bytes()).toJson());
    } finally {
      bodyBudget.release(body.reserved());
    }
  }

  /** A request body and the bytes of the body budget reserved for it. */
  private record Body(byte[] bytes, long reserved) {}

  /**
   * At most {@code maxBytes}, within the body deadline; each read also has Tomcat's connection
   * timeout. Every buffer is reserved before it is allocated (while a chunked body's buffer
   * grows, the old and the new one both); on failure nothing stays reserved.
   */
  private Body readBody(InputStream in, long declared) throws IOException {
    long deadline = System.nanoTime() + bodyReadTimeoutNanos;
    int capacity = declared >= 0 ? (int) declared : FIRST_CHUNK;
    reserve(capacity);
    long reserved = capacity;
    try {
      byte[] buffer = new byte[capacity];
      int length = 0;
      while (length < buffer.length || declared < 0) {
        if (length == buffer.length) { // chunked, and the buffer is full
          int grown = Math.min(maxBytes + 1, buffer.length * 2);
          reserve(grown);
          reserved += grown;
          buffer = Arrays.copyOf(buffer, grown);
          bodyBudget.release(length);
          reserved -= length;
        }
        int n = read(in, buffer, length);
        if (n < 0) {
          break;
        }
        length += n;
        if (length > maxBytes) {
          throw tooLarge();
        }
        if (System.nanoTime() - deadline > 0) {
          throw new ImageRejectedException(HttpStatus.REQUEST_TIMEOUT,
              "the request body took longer than " + bodyReadTimeoutNanos / 1_000_000 + " ms to arrive");
        }
      }
      if (declared >= 0 && length < declared) {
        throw new ImageRejectedException(HttpStatus.BAD_REQUEST,
            "the request body ended after " + length + " of the " + declared + " bytes its Content-Length declared");
      }
      if (length < buffer.length) { // a chunked body: its exact bytes
        reserve(length);
        reserved += length;
        int before = buffer.length;
        buffer = Arrays.copyOf(buffer, length);
        bodyBudget.release(before);
        reserved -= before;
      }
      return new Body(buffer, reserved);
    } catch (IOException | RuntimeException | Error e) {
      bodyBudget.release(reserved);
      throw e;
    }
  }

  /** One read; Tomcat's read timeout (no byte for {@code server.tomcat.connection-timeout}) is a 408. */
  private static int read(InputStream in, byte[] buffer, int offset) throws IOException {
    try {
      return in.read(buffer, offset, buffer.length - offset);
    } catch (IOException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SocketTimeoutException) {
          throw new ImageRejectedException(HttpStatus.REQUEST_TIMEOUT,
              "the request body stalled: no byte arrived within the connection timeout", e);
        }
      }
      throw e;
    }
  }

  /** Reserves {@code bytes} of the body budget or refuses the request with 503: no waiting. */
  private void reserve(long bytes) {
    try {
      if (!bodyBudget.tryReserve(bytes, 0)) {
        throw new ImageRejectedException(HttpStatus.SERVICE_UNAVAILABLE,
            "too many large request bodies are arriving at once; retry shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageRejectedException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while admitting the request body");
    }
  }

  private ImageRejectedException tooLarge() {
    return new ImageRejectedException(HttpStatus.PAYLOAD_TOO_LARGE,
        "the image must be at most " + maxBytes + " bytes; scale or compress it first");
  }
}
