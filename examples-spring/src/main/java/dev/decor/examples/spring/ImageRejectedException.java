package dev.decor.examples.spring;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request refused before or while decoding its image, with the HTTP status to answer: 400 (not
 * an image, corrupt or truncated), 413 (body too large), 422 (too many pixels), 408 (body too
 * slow), 415 (a multipart upload), 503 (the body or decode budget full, or the model still
 * training; with {@code Retry-After}). Rendered as {@code application/problem+json} by
 * {@link ErrorAdvice}.
 */
public class ImageRejectedException extends ErrorResponseException {
  private static final long serialVersionUID = 1L;
  /** What a 503 asks the client to wait: the budgets free up as requests finish, in about a second. */
  static final String RETRY_AFTER_SECONDS = "1";

  public ImageRejectedException(HttpStatus status, String detail) {
    this(status, detail, null);
  }

  public ImageRejectedException(HttpStatus status, String detail, Throwable cause) {
    super(status, ProblemDetail.forStatusAndDetail(status, detail), cause);
    if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
  }
}
