package graphaudit.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.Events;
import graphaudit.GraphErrorAssert;
import graphaudit.Http;
import graphaudit.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seeded fuzz run over the header fields routes read: long (around each field's bound, 5,000 and
 * 12,000 characters), repeated, and malformed {@code Prefer}, {@code Accept}, {@code Authorization},
 * {@code Content-Type}, {@code If-Match} and {@code client-request-id}, sent raw over sockets (any
 * bytes, any repetition) and inside {@code $batch} requests (past what the wire allows). No answer may
 * be a 5xx, every error is Graph-shaped, and a field past its bound is a 431 naming it.
 */
@Tag("slow")
class HeaderFuzzTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final long SEED = 20261206L;
  private static final int MAX_HEAD = 15_000;
  private static final int RAW_CASES = 700;
  private static final int BATCHES = 40;
  private static final List<String> FIELDS = List.of(RequestHeaders.PREFER, RequestHeaders.ACCEPT,
      RequestHeaders.AUTHORIZATION, RequestHeaders.CONTENT_TYPE, RequestHeaders.IF_MATCH,
      RequestHeaders.CLIENT_REQUEST_ID);
  private static final String[] TARGETS = {"GET /beta/deviceManagement/auditEvents", "GET /v1.0/deviceManagement/auditEvents/%s",
      "POST /beta/deviceManagement/auditEvents", "PATCH /beta/deviceManagement/auditEvents/%s",
      "GET /beta/deviceManagement/auditEvents?$top=3", "GET /health", "GET /metrics", "GET /viewer",
      "POST /beta/$batch", "GET /beta/$metadata"};
  /** Pieces of the fields' grammars and of what breaks parsers of them. */
  private static final String[] PIECES = {"odata.maxpagesize=5", "return=minimal", "return=representation", ";", ",", "=",
      "\"", "\\", " ", "\t", "*/*", "application/json", "odata.metadata=none", "q=0.5", "q=", "charset=utf-8",
      "W/\"x\"", "*", "Bearer ", "bearer", "a.b.c", "%", "é", "中", "\u00ff", "(", ")", "multipart/mixed", "boundary=",
      "x", "odata.maxpagesize=99999999999999999999", "respond-async", "wait=10", "a=\"b;c,d\"", "text/plain", "/", ""};

  private static String id;

  @BeforeAll
  static void storeAnEvent() {
    id = server.http().post("/beta/deviceManagement/auditEvents", Events.minimal("HeaderFuzz")).json().get("id").asText();
  }

  @Test
  void aPreferOfFiveThousandCharactersIsA431NotAStackOverflow() {
    String prefer = "odata.maxpagesize=1;" + "a".repeat(5000);
    Http.Response response = raw("GET /beta/deviceManagement/auditEvents", List.of(List.of("Prefer", prefer)));
    GraphErrorAssert.assertGraphError(response, 431, "RequestHeaderFieldsTooLarge");
    assertTrue(response.json().at("/error/message").asText().contains("Prefer"), response.body());

    String withinBound = "a".repeat(RequestHeaders.BOUNDS.get(RequestHeaders.PREFER));
    assertEquals(200, raw("GET /beta/deviceManagement/auditEvents", List.of(List.of("Prefer", withinBound),
        List.of("Authorization", "Bearer " + server.token()))).status(), "a malformed preference within the bound is ignored");
  }

  @Test
  void rawHeadersFindNo5xx() {
    Random random = new Random(SEED);
    for (int i = 0; i < RAW_CASES; i++) {
      String target = String.format(TARGETS[random.nextInt(TARGETS.length)], id);
      List<List<String>> headers = headers(random);
      Http.Response response = raw(target, headers);
      check(response, target + " " + describe(headers));
    }
  }

  @Test
  void batchRequestHeadersFindNo5xx() {
    Random random = new Random(SEED + 1);
    for (int b = 0; b < BATCHES; b++) {
      ObjectNode batch = Http.JSON.createObjectNode();
      ArrayNode requests = batch.putArray("requests");
      for (int i = 0; i < 5; i++) {
        ObjectNode request = requests.addObject().put("id", String.valueOf(i));
        request.put("method", random.nextBoolean() ? "GET" : "PATCH");
        request.put("url", random.nextBoolean() ? "/deviceManagement/auditEvents" : "/deviceManagement/auditEvents/" + id);
        if (request.get("method").asText().equals("PATCH")) {
          request.putObject("body").put("activityResult", "Success");
        }
        ObjectNode itemHeaders = request.putObject("headers");
        for (List<String> header : headers(random)) {
          if (!header.get(0).equals(RequestHeaders.AUTHORIZATION)) { // a batch request carries the batch's
            itemHeaders.put(header.get(0), header.get(1));
          }
        }
      }
      Http.Response response = server.http().post("/beta/$batch", batch.toString());
      check(response, "batch " + batch);
      if (response.status() == 200) {
        for (JsonNode item : response.json().get("responses")) {
          int status = item.get("status").asInt();
          assertTrue(status < 500, "item answered " + status + ": " + item + " of " + batch);
          if (status >= 400) {
            assertTrue(item.at("/body/error/code").isTextual(), "not Graph-shaped: " + item);
          }
        }
      }
    }
  }

  /**
   * One to four of the fields, each long, repeated or malformed, and usually a valid token; in all
   * under Jetty's 16 KB for a request's head (past it Jetty refuses the head unread: LimitsTest).
   */
  private static List<List<String>> headers(Random random) {
    List<List<String>> headers = new ArrayList<>();
    if (random.nextInt(4) > 0) {
      headers.add(List.of(RequestHeaders.AUTHORIZATION, "Bearer " + server.token()));
    }
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      String field = FIELDS.get(random.nextInt(FIELDS.size()));
      int repeats = switch (random.nextInt(6)) {
        case 0 -> 2 + random.nextInt(3);
        case 1 -> 20 + random.nextInt(40);
        default -> 1;
      };
      String value = value(random, field);
      for (int r = 0; r < repeats && size(headers) + field.length() + value.length() + 4 < MAX_HEAD; r++) {
        headers.add(List.of(field, value));
      }
    }
    return headers;
  }

  private static int size(List<List<String>> headers) {
    return headers.stream().mapToInt(h -> h.get(0).length() + h.get(1).getBytes(StandardCharsets.UTF_8).length + 4).sum();
  }

  private static String value(Random random, String field) {
    int bound = RequestHeaders.BOUNDS.get(field);
    int length = switch (random.nextInt(8)) {
      case 0 -> bound - 1 + random.nextInt(3);
      case 1 -> 5000;
      case 2 -> 12_000;
      default -> random.nextInt(60);
    };
    StringBuilder value = new StringBuilder();
    if (field.equals(RequestHeaders.AUTHORIZATION) && random.nextBoolean()) {
      value.append("Bearer ").append(server.token());
    }
    while (value.length() < length) {
      value.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return value.length() > length ? value.substring(0, Math.max(length, 0)) : value.toString();
  }

  private static void check(Http.Response response, String what) {
    if (response.status() >= 500) {
      fail(response.status() + " for " + what + ": " + response.body());
    }
    if (response.status() >= 400) {
      assertTrue(response.json() != null && response.json().at("/error/code").isTextual(),
          "not Graph-shaped: " + response.status() + " " + response.body() + " for " + what);
    }
  }

  private static String describe(List<List<String>> headers) {
    StringBuilder out = new StringBuilder();
    for (List<String> header : headers) {
      String value = header.get(1);
      out.append(header.get(0)).append(": ").append(value.length() > 60 ? value.substring(0, 60) + "…(" + value.length()
          + ")" : value).append("; ");
    }
    return out.toString();
  }

  /** One request written as bytes on a connection of its own, read until the server closes it. */
  private static Http.Response raw(String target, List<List<String>> headers) {
    String[] methodAndPath = target.split(" ", 2);
    boolean body = methodAndPath[0].equals("POST") || methodAndPath[0].equals("PATCH");
    byte[] content = (methodAndPath[1].endsWith("$batch") ? "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\","
        + "\"url\":\"/deviceManagement\"}]}" : Events.minimal("HeaderFuzz")).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    write(request, methodAndPath[0] + " " + methodAndPath[1] + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (List<String> header : headers) {
      write(request, header.get(0) + ": ");
      request.writeBytes(header.get(1).getBytes(StandardCharsets.UTF_8));
      write(request, "\r\n");
    }
    write(request, "Content-Length: " + (body ? content.length : 0) + "\r\n\r\n");
    if (body) {
      request.writeBytes(content);
    }
    URI origin = URI.create(server.origin());
    try (Socket socket = new Socket(origin.getHost(), origin.getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.toByteArray());
      try (InputStream in = socket.getInputStream()) {
        return parse(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(target + " " + describe(headers), e);
    }
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static Http.Response parse(byte[] response) {
    String head = new String(response, StandardCharsets.ISO_8859_1);
    int end = head.indexOf("\r\n\r\n");
    String[] lines = head.substring(0, end).split("\r\n");
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim(), n -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(response, end + 4, response.length);
    if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
      body = unchunk(body);
    }
    return new Http.Response(Integer.parseInt(lines[0].split(" ")[1]),
        java.net.http.HttpHeaders.of(headers, (a, b) -> true), new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(chunked, StandardCharsets.ISO_8859_1); // one char a byte: indexes agree
    int at = 0;
    while (true) {
      int lineEnd = text.indexOf("\r\n", at);
      int size = Integer.parseInt(text.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
