package graphaudit.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow-loris clients: a body that stops arriving, or a request head that never ends, is cut off by the
 * idle timeout (1 s here): the server closes the connection (a read that waits ten times as long
 * guards the build against a hang, it measures nothing), serves others meanwhile, and never answers
 * with a 5xx.
 */
class StalledRequestTest {

  private static final Duration IDLE = Duration.ofSeconds(1);

  @RegisterExtension
  static final TestServer server = new TestServer().withIdleTimeout(IDLE);

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";

  @Test
  void stalledBodiesAreCutOffWithoutA5xx() throws Exception {
    String count = server.http().get(EVENTS + "/$count").body();
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) { // more stalled requests than the pool's minimum threads
        Socket socket = open();
        send(socket, "POST " + EVENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Authorization: Bearer " + server.token() + "\r\nContent-Length: 1000\r\n\r\n{\"displayName\":\"st");
        sockets.add(socket);
      }
      assertEquals(200, server.http().get("/health").status(), "answered while 20 requests stall");
      for (Socket socket : sockets) {
        String answer = readAll(socket);
        assertTrue(answer.isEmpty() || answer.matches("(?s)HTTP/1\\.1 4\\d\\d .*\\{\"error\":\\{\"code\":.*"), answer);
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    assertEquals(count, server.http().get(EVENTS + "/$count").body(), "nothing stored");
    assertEquals(200, server.http().get("/health").status());
  }

  @Test
  void aRequestHeadThatNeverEndsIsCutOff() throws Exception {
    try (Socket socket = open()) {
      send(socket, "GET " + EVENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      String answer = readAll(socket);
      assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 4"), answer);
    }
    assertEquals(200, server.http().get("/health").status());
  }

  private static Socket open() throws IOException {
    Socket socket = new Socket("127.0.0.1", Integer.parseInt(server.origin().replaceAll(".*:", "")));
    socket.setSoTimeout((int) IDLE.multipliedBy(10).toMillis()); // a hang fails the read, not the build
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Everything the server sends until it closes the connection. */
  private static String readAll(Socket socket) throws IOException {
    try (InputStream in = socket.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server neither answered nor closed the connection", e);
    } catch (IOException e) {
      return ""; // reset by the server: cut off
    }
  }
}
