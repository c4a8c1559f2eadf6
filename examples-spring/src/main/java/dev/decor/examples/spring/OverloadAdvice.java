package dev.decor.examples.spring;

import dev.decor.DeadlineExceededException;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Overload answered as {@code 503 Service Unavailable} with {@code Retry-After: 1}: a prediction
 * refused by its {@code @ConcurrencyLimit} (or by a full batch queue, which decor also reports as
 * {@link RejectedExecutionException}) and one cut by its {@code @Timeout}
 * ({@link DeadlineExceededException}). Both say "try again shortly", so a client or a load
 * balancer backs off instead of piling on. The answer is the service's one error format
 * ({@link ErrorResponses}): RFC 9457 {@code application/problem+json} whose title is the status's
 * reason phrase and whose detail is decor's {@code [decor/…]} message, as a full decode budget's
 * 503 ({@link ImageRejectedException}) is. Thread-safe (stateless).
 */
@RestControllerAdvice
public class OverloadAdvice {
  @ExceptionHandler(RejectedExecutionException.class)
  public ResponseEntity<ProblemDetail> rejected(RejectedExecutionException e) {
    return unavailable(e);
  }

  @ExceptionHandler(DeadlineExceededException.class)
  public ResponseEntity<ProblemDetail> timedOut(DeadlineExceededException e) {
    return unavailable(e);
  }

  private static ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, ImageRejectedException.RETRY_AFTER_SECONDS)
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
  }
}
