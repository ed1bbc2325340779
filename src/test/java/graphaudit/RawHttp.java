package graphaudit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A body over the limit sent as curl sends it: the head with its Content-Length and the start of the
 * body, then the answer read until the server closes. (A pooled client would still be writing the
 * body into a connection the server closes after its 413, and may lose the answer.)
 */
public final class RawHttp {

  private RawHttp() {
  }

  public static Http.Response postOversized(TestServer server, String path, long declaredLength) {
    URI origin = URI.create(server.origin());
    try (Socket socket = new Socket(origin.getHost(), origin.getPort())) {
      socket.setSoTimeout(10_000);
      String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + server.token() + "\r\nContent-Length: " + declaredLength + "\r\n\r\n{\"a\":\"";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      try (InputStream in = socket.getInputStream()) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Http.Response parse(String response) {
    int end = response.indexOf("\r\n\r\n");
    String[] lines = response.substring(0, end).split("\r\n");
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim(), n -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    return new Http.Response(Integer.parseInt(lines[0].split(" ")[1]), HttpHeaders.of(headers, (a, b) -> true),
        response.substring(end + 4));
  }
}
