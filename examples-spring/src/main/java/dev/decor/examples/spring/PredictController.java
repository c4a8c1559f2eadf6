package dev.decor.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /predict}: the request body is one image; the answer is
 * {@code {"label":"circle","scores":{...}}}. The body is read here, not by a message converter, so
 * its size is bounded (413 beyond {@code sample.max-image-bytes}, refused from
 * {@code Content-Length} before reading when the client declares it) and so is the time it may
 * take to arrive ({@code sample.body-read-timeout}, 408). 503 until the model has trained. Errors
 * are {@code application/problem+json} ({@link ErrorAdvice}). Thread-safe.
 */
@RestController
public class PredictController {
  private final PredictionService service;
  private final ModelTraining training;
  private final int maxBytes;
  private final long bodyReadTimeoutNanos;

  public PredictController(PredictionService service, ModelTraining training, SampleProperties properties) {
    this.service = service;
    this.training = training;
    this.maxBytes = Math.toIntExact(properties.maxImageBytes().toBytes());
    this.bodyReadTimeoutNanos = properties.bodyReadTimeout().toNanos();
  }

  @PostMapping(path = "/predict", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> predict(HttpServletRequest request) throws IOException {
    if (!training.isReady()) {
      throw new ImageRejectedException(HttpStatus.SERVICE_UNAVAILABLE, "the model is still training; retry shortly");
    }
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge();
    }
    byte[] body = readBody(request.getInputStream(), declared);
    if (body.length == 0) {
      throw new ImageRejectedException(HttpStatus.BAD_REQUEST, "the request body must be one image; it was empty");
    }
    return ResponseEntity.ok(service.predict(body).toJson());
  }

  /** At most {@code maxBytes}, within the body deadline; each read also has Tomcat's connection timeout. */
  private byte[] readBody(InputStream in, long declared) throws IOException {
    long deadline = System.nanoTime() + bodyReadTimeoutNanos;
    byte[] buffer = new byte[declared >= 0 ? (int) declared + 1 : 8192];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        if (length > maxBytes) {
          throw tooLarge();
        }
        buffer = Arrays.copyOf(buffer, Math.min(maxBytes + 1, buffer.length * 2));
      }
      int n = in.read(buffer, length, buffer.length - length);
      if (n < 0) {
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
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
  }

  private ImageRejectedException tooLarge() {
    return new ImageRejectedException(HttpStatus.PAYLOAD_TOO_LARGE,
        "the image must be at most " + maxBytes + " bytes; scale or compress it first");
  }
}
