package graphaudit.internal.pipeline;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.Events;
import graphaudit.Http;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.auth.Permissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What browsers and plain HTTP clients expect of every root: CORS (preflights answered without a
 * token; any origin in dev mode, only the listed ones with {@code --cors-origins}), HEAD wherever GET
 * works, and {@code Allow} on every 405.
 */
class CorsHeadAllowTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  static final String APP = "https://app.example:3000";

  @RegisterExtension
  static final TestServer server = new TestServer();

  @ParameterizedTest
  @ValueSource(strings = {EVENTS, "/v1.0/deviceManagement/auditEvents/some-id", "/beta/$batch", "/v1.0/$metadata"})
  void preflightIsAnsweredWithoutAToken(String path) {
    Http.Response response = server.http().withoutToken().send("OPTIONS", path, null, "Origin", APP,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");

    assertEquals(204, response.status(), response.body());
    assertEquals("*", response.header("Access-Control-Allow-Origin"));
    for (String header : List.of("Authorization", "Content-Type", "Prefer", "client-request-id", "ConsistencyLevel")) {
      assertTrue(response.header("Access-Control-Allow-Headers").contains(header), header);
    }
    assertTrue(response.header("Access-Control-Allow-Methods").contains("PATCH"));
    assertNotNull(response.header("request-id"));
  }

  @Test
  void repliesToAnOriginExposeGraphsHeadersErrorsIncluded() {
    for (Http.Response response : List.of(server.http().get(EVENTS, "Origin", APP),
        server.http().withoutToken().get(EVENTS, "Origin", APP))) {
      assertEquals("*", response.header("Access-Control-Allow-Origin"), response.body());
      for (String header : List.of("request-id", "Location", "Preference-Applied", "Retry-After")) {
        assertTrue(response.header("Access-Control-Expose-Headers").contains(header), header);
      }
    }
    assertNull(server.http().get(EVENTS).header("Access-Control-Allow-Origin"), "no Origin, no CORS");
  }

  @Test
  void headAnswersWhatGetWouldWithoutTheBody() {
    server.http().post(EVENTS, Events.minimal("head"));
    Http.Response get = server.http().get(EVENTS);
    Http.Response head = server.http().send("HEAD", EVENTS, null);

    assertEquals(200, head.status());
    assertEquals("", head.body());
    assertEquals(get.header("Content-Type"), head.header("Content-Type"));
    assertEquals(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
        head.header("Content-Length"));
    assertEquals(200, server.http().send("HEAD", EVENTS + "/$count", null).status());
    assertEquals(200, server.http().send("HEAD", "/beta/$metadata", null).status());
    assertEquals(404, server.http().send("HEAD", EVENTS + "/nothing", null).status());
    Http reader = server.http().withToken(server.mint(Token.delegated(Tenants.DEV, Permissions.READ)));
    assertEquals(200, reader.send("HEAD", EVENTS, null).status(), "HEAD is a read");
    assertEquals(401, server.http().withoutToken().send("HEAD", EVENTS, null).status());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "PUT     | " + EVENTS + "                      | GET, HEAD, POST",
      "OPTIONS | " + EVENTS + "                      | GET, HEAD, POST",
      "TRACE   | " + EVENTS + "/x                    | GET, HEAD, PATCH, PUT, DELETE",
      "POST    | " + EVENTS + "/x                    | GET, HEAD, PATCH, PUT, DELETE",
      "DELETE  | /beta/deviceManagement               | GET, HEAD",
      "POST    | /beta/$metadata                      | GET, HEAD",
      "DELETE  | " + EVENTS + "/$count               | GET, HEAD",
      "POST    | " + EVENTS + "/getAuditCategories() | GET, HEAD",
      "GET     | /beta/$batch                         | POST",
      "DELETE  | /admin/emulation                     | GET, HEAD, PATCH, POST"})
  void every405NamesTheAllowedMethods(String method, String path, String allow) {
    Http.Response response = server.http().send(method, path, method.equals("POST") || method.equals("PUT") ? "{}" : null,
        "Content-Type", "application/json");
    assertGraphError(response, 405, "MethodNotAllowed");
    assertEquals(allow, response.header("Allow"));
  }
}
