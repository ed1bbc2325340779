package graphaudit.internal.pipeline;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import graphaudit.Http;
import graphaudit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --cors-origins}: only the listed origins get CORS headers, and preflights of others go unanswered. */
class CorsOriginsTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String APP = CorsHeadAllowTest.APP;

  @RegisterExtension
  static final TestServer server = new TestServer().withCorsOrigins(APP);

  @Test
  void onlyListedOriginsAreAllowed() {
    assertEquals(APP, server.http().get(EVENTS, "Origin", APP).header("Access-Control-Allow-Origin"));
    assertNull(server.http().get(EVENTS, "Origin", "https://evil.example").header("Access-Control-Allow-Origin"));
    Http.Response preflight = server.http().withoutToken().send("OPTIONS", EVENTS, null,
        "Origin", "https://evil.example", "Access-Control-Request-Method", "GET");
    assertGraphError(preflight, 405, "MethodNotAllowed");
    assertNull(preflight.header("Access-Control-Allow-Origin"));
  }
}
