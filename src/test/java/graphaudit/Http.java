package graphaudit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small real HTTP client for tests: raw paths, any method, any headers, JSON parsed on demand. Sends
 * {@code Authorization: Bearer <token>} unless the request names its own Authorization header or the
 * client has no token.
 */
public final class Http {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String origin;
  private final String token;
  private final HttpClient client;

  public Http(String origin, String token) {
    this(origin, token, CLIENT);
  }

  private Http(String origin, String token, HttpClient client) {
    this.origin = origin;
    this.token = token;
    this.client = client;
  }

  /** The same client sending {@code token} instead. */
  public Http withToken(String token) {
    return new Http(origin, token, client);
  }

  /** The same client sending no Authorization header. */
  public Http withoutToken() {
    return new Http(origin, null, client);
  }

  /**
   * The same client on connections of its own: for requests refused unread (413, and Jetty's 414 and
   * 431), after which the server closes the connection, which a shared pool may otherwise hand to the
   * next request.
   */
  public Http onOwnConnections() {
    return new Http(origin, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  /** A response with its body as text and, when it is JSON, as a tree. */
  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public Response get(String pathAndQuery, String... headers) {
    return send("GET", pathAndQuery, null, headers);
  }

  public Response post(String pathAndQuery, String body, String... headers) {
    return send("POST", pathAndQuery, body, withJson(headers));
  }

  public Response patch(String pathAndQuery, String body, String... headers) {
    return send("PATCH", pathAndQuery, body, withJson(headers));
  }

  public Response delete(String pathAndQuery, String... headers) {
    return send("DELETE", pathAndQuery, null, headers);
  }

  private static String[] withJson(String[] headers) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Content-Type")) {
        return headers;
      }
    }
    String[] out = new String[headers.length + 2];
    System.arraycopy(headers, 0, out, 0, headers.length);
    out[headers.length] = "Content-Type";
    out[headers.length + 1] = "application/json";
    return out;
  }

  /** Any method and body bytes; {@code headers} are name/value pairs. */
  public Response send(String method, String pathAndQuery, String body, String... headers) {
    return sendBytes(method, pathAndQuery, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  public Response sendBytes(String method, String pathAndQuery, byte[] body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    boolean authorizationGiven = false;
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
      authorizationGiven |= headers[i].equalsIgnoreCase("Authorization");
    }
    if (token != null && !authorizationGiven) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
