package graphaudit.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Emulation;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.RawHttp;
import graphaudit.TestClock;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.auth.Permissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error status the service answers, each provoked where it arises (a stage, Olingo, a
 * processor, the store, Jetty, a batch, throttling, faults), comes out of the one error mapping: the
 * same body, field for field and in the same order, Graph's code for the status, the reply's ids in
 * innerError, and the headers that status carries (WWW-Authenticate, Retry-After, Allow).
 */
class ErrorRepliesTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private static final Map<Integer, String> CODES = Map.ofEntries(Map.entry(400, "BadRequest"),
      Map.entry(401, "InvalidAuthenticationToken"), Map.entry(403, "Forbidden"), Map.entry(404, "ResourceNotFound"),
      Map.entry(405, "MethodNotAllowed"), Map.entry(406, "NotAcceptable"), Map.entry(409, "Conflict"),
      Map.entry(413, "RequestEntityTooLarge"), Map.entry(414, "RequestUriTooLong"),
      Map.entry(415, "UnsupportedMediaType"), Map.entry(424, "FailedDependency"), Map.entry(429, "TooManyRequests"),
      Map.entry(431, "RequestHeaderFieldsTooLarge"), Map.entry(503, "ServiceUnavailable"),
      Map.entry(504, "GatewayTimeout"));

  @org.junit.jupiter.api.extension.RegisterExtension
  static final TestServer server = new TestServer(64 * 1024).withEmulation("off", "off", CLOCK);

  static Stream<Arguments> errors() {
    return Stream.of(
        error(400, "query option (Olingo)", () -> server.http().get(EVENTS + "?$top=abc")),
        error(400, "filter (query planner)", () -> server.http().get(EVENTS + "?$filter=length(displayName)%20eq%20'x'")),
        error(400, "unparsable query (Olingo's parser, unchecked)", () -> server.http().get(EVENTS + "?$filter=displayName%20add%20null")),
        error(400, "query limits", () -> server.http().get(EVENTS + "?$filter=" + "(".repeat(40) + "true" + ")".repeat(40))),
        error(400, "body (domain rules)", () -> server.http().post(EVENTS, "{\"displayName\":\"no time\"}")),
        error(400, "malformed batch", () -> server.http().post("/beta/$batch", "{\"requests\":[]}")),
        error(401, "no token (identity)", () -> server.http().withoutToken().get(EVENTS)),
        error(403, "permission (identity)", () -> server.http()
            .withToken(server.mint(Token.delegated(Tenants.DEV, Permissions.READ))).post(EVENTS, Events.minimal("x"))),
        error(404, "unknown root (route)", () -> server.http().get("/v2.0/deviceManagement")),
        error(404, "unknown event (processor)", () -> server.http().get(EVENTS + "/nothing")),
        error(405, "method (route)", () -> server.http().send("OPTIONS", EVENTS, null)),
        error(405, "method (processor)", () -> server.http().send("PUT", EVENTS, "{}", "Content-Type", "application/json")),
        error(405, "GET on $batch", () -> server.http().get("/beta/$batch")),
        error(406, "format (Olingo)", () -> server.http().get(EVENTS + "?$format=xml")),
        error(409, "duplicate id (store)", () -> {
          String body = Events.withId("dup-" + UUID.randomUUID());
          server.http().post(EVENTS, body);
          return server.http().post(EVENTS, body);
        }),
        error(413, "body (limits)", () -> RawHttp.postOversized(server, EVENTS, 5L * 1024 * 1024)),
        error(414, "URI (Jetty)", () -> server.http().onOwnConnections().get(EVENTS + "/" + "a".repeat(20_000))),
        error(415, "content type (normalisation)", () -> server.http().post(EVENTS, "x", "Content-Type", "text/plain")),
        error(424, "dependency (batch)", () -> batchItem("{\"requests\":[{\"id\":\"a\",\"method\":\"GET\",\"url\":\"x\"},"
            + "{\"id\":\"b\",\"method\":\"GET\",\"url\":\"deviceManagement\",\"dependsOn\":[\"a\"]}]}", 1)),
        error(414, "URI of a batch request (limits)", () -> batchItem("{\"requests\":[{\"id\":\"a\",\"method\":\"GET\","
            + "\"url\":\"" + "a".repeat(20_000) + "\"}]}", 0)),
        error(429, "throttling", () -> emulated("throttle", "requests=1/20s", () -> {
          server.http().get(EVENTS);
          return server.http().get(EVENTS);
        })),
        error(431, "headers (Jetty)", () -> server.http().onOwnConnections().get(EVENTS, "X-Big", "a".repeat(20_000))),
        error(503, "fault", () -> emulated("faults", "rate=1,statuses=503", () -> server.http().get(EVENTS))),
        error(504, "fault", () -> emulated("faults", "rate=1,statuses=504", () -> server.http().get(EVENTS))));
  }

  private static Arguments error(int status, String where, Supplier<Http.Response> provoke) {
    return Arguments.of(status, Named.of(status + " " + where, provoke));
  }

  /** The response to {@code request} sent with {@code setting} on; off again afterwards. */
  private static Http.Response emulated(String setting, String spec, Supplier<Http.Response> request) {
    Emulation.set(server, setting, spec);
    try {
      return request.get();
    } finally {
      Emulation.set(server, setting, "off");
    }
  }

  /** A batch request's reply as a response of its own (status, headers, body). */
  private static Http.Response batchItem(String batch, int index) {
    Http.Response response = server.http().post("/beta/$batch", batch);
    assertEquals(200, response.status(), response.body());
    JsonNode item = response.json().get("responses").get(index);
    Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    item.get("headers").properties().forEach(h -> headers.put(h.getKey(), List.of(h.getValue().asText())));
    return new Http.Response(item.get("status").asInt(), java.net.http.HttpHeaders.of(headers, (a, b) -> true),
        item.get("body").toString());
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("errors")
  void everyErrorComesFromTheOneMapping(int status, Supplier<Http.Response> provoke) {
    Http.Response response = provoke.get();

    assertEquals(status, response.status(), response.body());
    assertEquals("application/json", response.header("Content-Type"));
    JsonNode error = response.json().get("error");
    assertEquals(List.of("error"), names(response.json()));
    assertEquals(List.of("code", "message", "innerError"), names(error));
    assertEquals(CODES.get(status), error.get("code").asText());
    assertTrue(!error.get("message").asText().isBlank());
    JsonNode inner = error.get("innerError");
    assertEquals(List.of("date", "request-id", "client-request-id"), names(inner));
    assertTrue(inner.get("date").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"), inner.toString());
    assertEquals(response.header("request-id"), inner.get("request-id").asText());
    assertEquals(response.header("client-request-id"), inner.get("client-request-id").asText());
    if (status == 401) {
      assertTrue(response.header("WWW-Authenticate").startsWith("Bearer "));
    }
    if (status == 405) {
      assertTrue(response.header("Allow").contains("GET") || response.header("Allow").equals("POST"),
          response.header("Allow"));
    }
    if (status == 429 || status == 503) {
      assertTrue(response.header("Retry-After").matches("\\d+"), response.header("Retry-After"));
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
