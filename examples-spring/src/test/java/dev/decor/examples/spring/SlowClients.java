package dev.decor.examples.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client that declares a request body and then sends it a byte at a time, over a raw socket. */
final class SlowClients {
  private SlowClients() {}

  /**
   * Sends {@code POST /predict} declaring {@code declared} body bytes, then one byte every 200 ms
   * until an answer arrives; returns what arrived (e.g. {@code "HTTP/1.1 408 …"}), or a line
   * saying there was none within {@code max} or that the server closed the connection first.
   */
  static String slowBody(Socket socket, long declared, Duration max) throws IOException, InterruptedException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + declared + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() - deadline < 0) {
      Thread.sleep(200);
      if (in.available() > 0) {
        Thread.sleep(50); // the rest of a small answer
        return new String(in.readNBytes(in.available()), StandardCharsets.ISO_8859_1);
      }
      try {
        out.write('x');
        out.flush();
      } catch (IOException closed) {
        return "closed without an answer: " + closed;
      }
    }
    return "no answer in " + max.toSeconds() + " s";
  }
}
