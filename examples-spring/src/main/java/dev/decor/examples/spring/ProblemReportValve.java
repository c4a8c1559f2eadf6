package dev.decor.examples.spring;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report as RFC 9457 {@code application/problem+json} instead of its HTML page: the
 * answer to a request Tomcat refuses before the app sees it (a request line or header it cannot
 * parse, headers beyond {@code server.max-http-request-header-size}, an unparseable
 * {@code Content-Length}: 400) is {@code {"type":"about:blank","title":"Bad Request","status":400,
 * "detail":…}} like every other error of the service. The detail is the first line of Tomcat's
 * reason for a client error, none for a server error. Installed as the host's error report valve
 * ({@link ErrorResponses}). Thread-safe.
 */
public class ProblemReportValve extends ErrorReportValve {
  /** ASCII out (anything else escaped), so the writer's charset cannot matter. */
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    // As Tomcat's own report: only errors, only if nothing was written, only once.
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean();
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return; // the connection is gone: nobody would read it
    }
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    HttpStatus known = HttpStatus.resolve(status);
    problem.put("title", known != null ? known.getReasonPhrase() : "Error");
    problem.put("status", status);
    String detail = status < 500 ? firstLine(response.getMessage(), throwable) : null;
    if (detail != null) {
      problem.put("detail", detail);
    }
    try {
      response.setContentType("application/problem+json");
      PrintWriter writer = response.getReporter();
      if (writer != null) {
        writer.write(JSON.writeValueAsString(problem));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client went away while the report was written.
    }
  }

  private static String firstLine(String message, Throwable throwable) {
    String text = message != null && !message.isBlank() ? message : throwable != null ? throwable.getMessage() : null;
    if (text == null || text.isBlank()) {
      return null;
    }
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).trim();
  }
}
