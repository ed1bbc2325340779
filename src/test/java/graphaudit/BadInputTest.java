package graphaudit;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input of every kind named by the contract: a Graph-shaped 4xx that names the problem, nothing
 * stored or changed, and a healthy service afterwards.
 */
class BadInputTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String VALID_TAIL =
      "\"activityDateTime\":\"2024-01-09T00:00:00Z\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"";

  @RegisterExtension
  final NothingStored nothingStored = new NothingStored(server);

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown property          | {\"nope\":1," + VALID_TAIL + "}                                    | 'nope'",
      "unknown actor property    | {\"actor\":{\"nope\":\"x\"}," + VALID_TAIL + "}                     | 'nope'",
      "unknown resource property | {\"resources\":[{\"modifiedProperties\":[{\"x\":\"y\"}]}]," + VALID_TAIL + "} | 'x'",
      "beta-only on v1.0 shape   | {\"actor\":{\"remoteTenantId\":1}," + VALID_TAIL + "}                 | 'remoteTenantId'",
      "number for string         | {\"displayName\":5," + VALID_TAIL + "}                              | 'displayName'",
      "boolean for string        | {\"category\":true," + VALID_TAIL + "}                              | 'category'",
      "object for string         | {\"activity\":{}," + VALID_TAIL + "}                                | 'activity'",
      "bad guid                  | {\"activityDateTime\":\"2024-01-09T00:00:00Z\",\"correlationId\":\"not-a-guid\"} | 'correlationId'",
      "bad date                  | {\"activityDateTime\":\"yesterday\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"} | 'activityDateTime'",
      "date without offset       | {\"activityDateTime\":\"2024-01-09T00:00:00\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"} | 'activityDateTime'",
      "impossible date           | {\"activityDateTime\":\"2024-02-30T00:00:00Z\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"} | 'activityDateTime'",
      "string for complex        | {\"actor\":\"me\"," + VALID_TAIL + "}                               | 'actor'",
      "object for collection     | {\"resources\":{}," + VALID_TAIL + "}                               | 'resources'",
      "number in string list     | {\"actor\":{\"userPermissions\":[1]}," + VALID_TAIL + "}             | 'userPermissions'",
      "null in collection        | {\"resources\":[null]," + VALID_TAIL + "}                           | 'resources'",
      "missing activityDateTime  | {\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}         | 'activityDateTime'",
      "missing correlationId     | {\"activityDateTime\":\"2024-01-09T00:00:00Z\"}                      | 'correlationId'",
      "null activityDateTime     | {\"activityDateTime\":null,\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"} | 'activityDateTime'",
      "null correlationId        | {\"activityDateTime\":\"2024-01-09T00:00:00Z\",\"correlationId\":null} | 'correlationId'",
      "wrong @odata.type         | {\"@odata.type\":\"#microsoft.graph.user\"," + VALID_TAIL + "}      | microsoft.graph.user",
      "wrong nested @odata.type  | {\"actor\":{\"@odata.type\":\"microsoft.graph.auditResource\"}," + VALID_TAIL + "} | microsoft.graph.auditResource",
      "blank id                  | {\"id\":\" \"," + VALID_TAIL + "}                                   | 'id'",
      "number id                 | {\"id\":7," + VALID_TAIL + "}                                       | 'id'",
      "NUL in id                 | {\"id\":\"a\\u0000b\"," + VALID_TAIL + "}                          | 'id'",
      "control character in id   | {\"id\":\"a\\nb\"," + VALID_TAIL + "}                             | 'id'",
      "NUL in a string           | {\"activityType\":\"a\\u0000\"," + VALID_TAIL + "}                | 'activityType'",
      "NUL in a nested string    | {\"resources\":[{\"modifiedProperties\":[{\"newValue\":\"\\u0000\"}]}]," + VALID_TAIL + "} | 'newValue'",
      "malformed JSON            | {\"displayName\":                                                   | JSON",
      "trailing garbage          | {" + VALID_TAIL + "} x                                            | JSON",
      "duplicate member          | {\"category\":\"a\",\"category\":\"b\"," + VALID_TAIL + "}          | JSON",
      "array body                | [1,2]                                                             | JSON object",
      "scalar body               | 42                                                                | JSON object"})
  void badBodyIs400NamingTheProblem(String name, String body, String named) {
    String target = name.startsWith("beta-only") ? "/v1.0/deviceManagement/auditEvents" : EVENTS;
    String message = assertGraphError(server.http().post(target, body), 400, "BadRequest");
    assertTrue(message.contains(named), message);
  }

  @Test
  void betaOnlyPropertyThroughV1IsUnknown() {
    String body = "{\"actor\":{\"remoteTenantId\":\"t\"}," + VALID_TAIL + "}";
    String message = assertGraphError(server.http().post("/v1.0/deviceManagement/auditEvents", body), 400, "BadRequest");
    assertTrue(message.contains("'remoteTenantId'"), message);
    assertEquals(201, server.http().post(EVENTS, body).status());
    nothingStored.rebase();
  }

  @Test
  void emptyBodyIs400() {
    assertGraphError(server.http().post(EVENTS, ""), 400, "BadRequest");
  }

  @Test
  void invalidUtf8Is400() {
    byte[] body = ("{\"displayName\":\"" + "x\"," + VALID_TAIL + "}").getBytes(StandardCharsets.UTF_8);
    body[16] = (byte) 0xC3; // a lead byte followed by '"' instead of a continuation byte
    assertGraphError(server.http().sendBytes("POST", EVENTS, body, "Content-Type", "application/json"), 400,
        "BadRequest");
  }

  @Test
  void nonJsonContentTypeIs415() {
    for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded"}) {
      String message = assertGraphError(server.http().post(EVENTS, "{" + VALID_TAIL + "}", "Content-Type", type),
          415, "UnsupportedMediaType");
      assertTrue(message.contains(type), message);
    }
  }

  /** Olingo's generic client sends {@code Content-Type: application/xml} on GET $metadata: no body, no 415. */
  @Test
  void aRequestWithoutBodyIgnoresItsContentType() {
    for (String type : new String[] {"application/xml", "text/plain"}) {
      assertEquals(200, server.http().get("/beta/$metadata", "Content-Type", type).status(), type);
      assertEquals(200, server.http().get(EVENTS, "Content-Type", type).status(), type);
      assertGraphError(server.http().delete(EVENTS + "/nope", "Content-Type", type), 404, "ResourceNotFound");
    }
  }

  /** A declared Content-Length over the limit is refused before the body is read (as curl sees it). */
  @Test
  void bodyOverTheLimitIs413WithContentLength() throws Exception {
    int port = Integer.parseInt(server.origin().replaceAll(".*:", ""));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      String head = "POST " + EVENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + server.token() + "\r\n"
          + "Content-Length: " + (5 * 1024 * 1024) + "\r\n\r\n{\"displayName\":\"aaaa";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("{\"error\":{\"code\":\"RequestEntityTooLarge\""), response);
    }
  }

  /**
   * A chunked body is refused once it passes the limit. The server may answer and close while the
   * client is still uploading, so the upload runs on its own thread (its failure is expected) and
   * the response is read whatever happens to the upload.
   */
  @Test
  void bodyOverTheLimitIs413WhenChunked() throws Exception {
    byte[] body = oversizedBody();
    int port = Integer.parseInt(server.origin().replaceAll(".*:", ""));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      Thread upload = new Thread(() -> uploadChunked(socket, body), "chunked-upload");
      upload.start();
      String response = readUntilClosed(socket);
      upload.join(10_000);
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("{\"error\":{\"code\":\"RequestEntityTooLarge\""), response);
    }
  }

  private static void uploadChunked(Socket socket, byte[] body) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + EVENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + server.token() + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      int chunk = 64 * 1024;
      for (int from = 0; from < body.length; from += chunk) {
        int size = Math.min(chunk, body.length - from);
        out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, from, size);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException expected) {
      // the server refused the body and closed the connection before the upload ended
    }
  }

  /** Everything the server sent before it closed (or reset) the connection. */
  private static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      InputStream in = socket.getInputStream();
      for (int n; (n = in.read(buffer)) > 0; ) {
        received.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      if (received.size() == 0) {
        throw reset;
      }
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  /** A valid event whose displayName makes it 5 MiB, over the default 4 MiB limit. */
  private static byte[] oversizedBody() {
    char[] filler = new char[5 * 1024 * 1024];
    Arrays.fill(filler, 'a');
    return ("{\"displayName\":\"" + new String(filler) + "\"," + VALID_TAIL + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void duplicateClientIdIs409AndTheOriginalIsKept() {
    assertEquals(201, server.http().post(EVENTS, "{\"id\":\"dup-1\",\"category\":\"first\"," + VALID_TAIL + "}").status());
    nothingStored.rebase();

    String message = assertGraphError(
        server.http().post(EVENTS, "{\"id\":\"dup-1\",\"category\":\"second\"," + VALID_TAIL + "}"), 409, "Conflict");

    assertTrue(message.contains("dup-1"), message);
    assertEquals("first", server.http().get(EVENTS + "/dup-1").json().get("category").asText());
  }

  /** Creates that arrive together are written together: the same id twice in one batch is still a 409. */
  @Test
  void concurrentCreatesOfOneIdStoreItOnce() throws Exception {
    java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String id = "same-" + (i % 2); // two ids, sixteen creates each, all at once
        statuses.add(clients.submit(() -> server.http().post(EVENTS, "{\"id\":\"" + id + "\"," + VALID_TAIL + "}")
            .status()));
      }
      java.util.Map<Integer, Integer> counts = new java.util.TreeMap<>();
      for (java.util.concurrent.Future<Integer> status : statuses) {
        counts.merge(status.get(), 1, Integer::sum);
      }
      assertEquals(java.util.Map.of(201, 2, 409, 30), counts);
    } finally {
      clients.shutdown();
    }
    assertEquals(200, server.http().get(EVENTS + "/same-0").status());
    assertEquals(200, server.http().get(EVENTS + "/same-1").status());
    nothingStored.rebase();
  }

  @Test
  void badPatchChangesNothing() {
    String id = server.http().post(EVENTS, "{\"category\":\"kept\"," + VALID_TAIL + "}").json().get("id").asText();
    nothingStored.rebase();
    String url = EVENTS + "/" + id;

    assertGraphError(server.http().patch(url, "{\"activityDateTime\":null,\"category\":\"lost\"}"), 400, "BadRequest");
    assertGraphError(server.http().patch(url, "{\"correlationId\":\"x\",\"category\":\"lost\"}"), 400, "BadRequest");
    assertGraphError(server.http().patch(url, "{\"id\":\"other\",\"category\":\"lost\"}"), 400, "BadRequest");
    assertGraphError(server.http().patch(url, "{\"nope\":1}"), 400, "BadRequest");
    assertGraphError(server.http().patch(url, "{\"category\":"), 400, "BadRequest");
    assertGraphError(server.http().patch(url, "{}", "Content-Type", "text/plain"), 415, "UnsupportedMediaType");

    assertEquals("kept", server.http().get(url).json().get("category").asText());
  }

  @Test
  void postToAnEntityOrTheSingletonIs405() {
    String id = server.http().post(EVENTS, "{" + VALID_TAIL + "}").json().get("id").asText();
    nothingStored.rebase();
    assertGraphError(server.http().post(EVENTS + "/" + id, "{" + VALID_TAIL + "}"), 405, "MethodNotAllowed");
    assertGraphError(server.http().post("/beta/deviceManagement", "{" + VALID_TAIL + "}"), 405, "MethodNotAllowed");
  }
}
