package dev.decor.examples.spring;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * Sends the whole answer to a request whose body the service did not read, then reads and discards
 * the rest of that body before the connection closes: an upload refused before its body was read
 * (503 while the body budget is full or the model trains, 413 from {@code Content-Length}, 415 for
 * a multipart form, 404) reaches a client that is still sending. Without it Tomcat reads at most
 * {@code server.tomcat.max-swallow-size} (64 KB) of the rest and closes the connection with bytes
 * unread, which makes the kernel reset it; a client still sending its body (as
 * {@code java.net.http.HttpClient} does while it reads the answer) then loses the answer it was
 * given and sees {@code IOException: chunked transfer encoding} instead of the 503. Apache httpd
 * calls this a lingering close (RFC 9112 §9.6: a server that closes while the client may still be
 * sending should keep reading).
 *
 * <p>The answer says {@code Connection: close}. Draining is bounded like reading: at most
 * {@code maxBytes}, and only until {@code maxTime} after the request began
 * ({@code sample.max-image-bytes} and {@code sample.body-read-timeout}; a last read that waits
 * can add {@code server.tomcat.connection-timeout}). A body that goes beyond either, or a client
 * that stops sending, has its connection closed at once (the answer was sent first). The body is
 * read through the connector's own buffer and not copied, so the memory budgets are unaffected. An
 * engine valve, so it runs after Spring MVC, the error pages and {@link ProblemReportValve} have
 * written their answer. Thread-safe (stateless).
 */
public class LingeringCloseValve extends ValveBase {
  private final long maxBytes;
  private final long maxNanos;

  /**
   * @param maxBytes the most body bytes read and discarded for one request
   * @param maxTime how long after the request began its body may still be read and discarded
   */
  public LingeringCloseValve(long maxBytes, Duration maxTime) {
    super(true);
    this.maxBytes = maxBytes;
    this.maxNanos = maxTime.toNanos();
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    long began = System.nanoTime();
    getNext().invoke(request, response);
    // The connector's request, below the servlet stream (closed by now for some answers): its
    // body's framing (Content-Length or chunks) says what is left of it.
    org.apache.coyote.Request body = request.getCoyoteRequest();
    if (request.isAsync() || body.isFinished() || !ioAllowed(response)) {
      return; // every answer the app read the whole body for, and requests without one
    }
    if (!response.isCommitted()) {
      response.setHeader("Connection", "close");
    }
    response.finishResponse(); // the whole answer now, with Content-Length where it fits the buffer
    if (!drain(body, began + maxNanos)) {
      // More than we read, or not in time: close now rather than let Tomcat swallow more.
      response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
    }
  }

  /** Reads {@code body} to its end; false if it goes on past {@code maxBytes} or {@code deadline}, or fails. */
  private boolean drain(org.apache.coyote.Request body, long deadline) {
    Discard discard = new Discard();
    long read = 0;
    try {
      while (System.nanoTime() - deadline < 0 && read <= maxBytes) {
        int n = body.doRead(discard);
        if (n < 0) {
          return true;
        }
        read += n;
      }
      return body.isFinished(); // its last byte may have come with the last read
    } catch (IOException stalledOrGone) {
      return false;
    }
  }

  /** Takes each piece of the body the connector reads and keeps none of it (no copy). */
  private static final class Discard implements ApplicationBufferHandler {
    private ByteBuffer buffer = EMPTY_BUFFER;

    @Override
    public void setByteBuffer(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public ByteBuffer getByteBuffer() {
      return buffer;
    }

    @Override
    public void expand(int size) {
      // Nothing is kept, so nothing needs room.
    }
  }

  private static boolean ioAllowed(Response response) {
    AtomicBoolean allowed = new AtomicBoolean();
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, allowed);
    return allowed.get();
  }
}
