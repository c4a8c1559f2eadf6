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
 * Overload answered as {@code 503 Service Unavailable} with {@code Retry-After: 1}, as RFC 9457
 * {@code application/problem+json}: a prediction refused by its {@code @ConcurrencyLimit} (or by
 * a full batch queue, which decor also reports as {@link RejectedExecutionException}) and one cut
 * by its {@code @Timeout} ({@link DeadlineExceededException}). Both say "try again shortly", so a
 * client or a load balancer backs off instead of piling on. The detail is decor's
 * {@code [decor/…]} message.
 */
@RestControllerAdvice
public class OverloadAdvice {
  @ExceptionHandler(RejectedExecutionException.class)
  public ResponseEntity<ProblemDetail> rejected(RejectedExecutionException e) {
    return unavailable("the model is at capacity; retry shortly", e);
  }

  @ExceptionHandler(DeadlineExceededException.class)
  public ResponseEntity<ProblemDetail> timedOut(DeadlineExceededException e) {
    return unavailable("the prediction did not finish in time; retry shortly", e);
  }

  private static ResponseEntity<ProblemDetail> unavailable(String title, RuntimeException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle(title);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(problem);
  }
}
