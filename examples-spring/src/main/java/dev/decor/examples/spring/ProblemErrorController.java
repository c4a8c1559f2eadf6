package dev.decor.examples.spring;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}) as RFC 9457 {@code application/problem+json},
 * in place of Boot's {@code BasicErrorController} and its {@code {"timestamp":…,"error":…}} JSON:
 * what Spring MVC's handlers ({@link ErrorAdvice}) never see reaches the client in the same
 * format — an exception that escapes the dispatcher (500, no detail), an error Tomcat itself sent
 * while the app ran (408 when a request body stopped arriving within the connection timeout).
 * Errors Tomcat answers before the app runs at all are {@link ProblemReportValve}'s. Thread-safe.
 */
@RestController
public class ProblemErrorController implements ErrorController {
  @RequestMapping("${server.error.path:${error.path:/error}}")
  public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // No status: /error was requested as a path of its own, which the API does not have.
    HttpStatusCode status = code instanceof Integer c ? HttpStatusCode.valueOf(c) : HttpStatus.NOT_FOUND;
    ProblemDetail problem = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof ErrorResponse e
        && e.getStatusCode().equals(status) ? e.getBody() : ProblemDetail.forStatusAndDetail(status, detail(status, request));
    if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
      problem.setInstance(URI.create(path));
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  /** What the client can act on: Tomcat's message for a client error, nothing of a server error's. */
  private static String detail(HttpStatusCode status, HttpServletRequest request) {
    if (status.value() == HttpStatus.REQUEST_TIMEOUT.value()) {
      return "the request body stopped arriving: no byte came within the connection timeout";
    }
    if (status.is4xxClientError() && request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String message
        && !message.isBlank()) {
      return message;
    }
    return null;
  }
}
