package graphaudit.internal.viewer;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.TestServer;
import graphaudit.internal.audit.Tenants;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The viewer's endpoints over the wire: the page with its Content-Security-Policy, the dev token
 * given only to the viewer's own origin on a loopback listener and never with CORS headers, and the
 * chart's counts, computed by the database, equal to {@code $count} for the same filter.
 */
class ViewerEndpointsTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String DEV_TOKEN = "/viewer/dev-token";
  private static final String TENANT_BODY = "{\"tenant\":\"" + Tenants.DEV + "\"}";

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(500, 5);

  @Test
  void pageAndFilesAreServedWithAStrictPolicy() {
    Http.Response page = server.http().withoutToken().get("/");
    assertEquals(200, page.status());
    assertTrue(page.header("Content-Type").startsWith("text/html"));
    String csp = page.header("Content-Security-Policy");
    assertTrue(csp.contains("script-src 'self';") && csp.contains("style-src 'self';") && !csp.contains("unsafe"), csp);
    assertTrue(!page.body().contains("<script>") && !page.body().contains("style="), "nothing inline");
    for (String file : new String[] {"/viewer/app.js", "/viewer/app.css", "/viewer/uPlot.iife.min.js", "/viewer/uPlot.min.css"}) {
      assertEquals(200, server.http().withoutToken().get(file).status(), file);
    }
    assertGraphError(server.http().withoutToken().get("/viewer/nothing.js"), 404, "ResourceNotFound");
    assertGraphError(server.http().withoutToken().post("/", "{}"), 405, "MethodNotAllowed");
  }

  @Test
  void devTokenIsGivenToTheViewersOwnOriginOnly() {
    Http anonymous = server.http().withoutToken();
    Http.Response own = anonymous.post(DEV_TOKEN, TENANT_BODY, "Origin", server.origin(), "Sec-Fetch-Site", "same-origin");
    assertEquals(200, own.status());
    assertNull(own.header("Access-Control-Allow-Origin"));
    String token = own.json().get("access_token").asText();
    assertEquals(200, server.http().withToken(token).get(EVENTS + "?$top=1").status(), "a working read token");
    assertGraphError(server.http().withToken(token).post(EVENTS, Events.minimal("X")), 403, "Forbidden");

    Http.Response otherSite = anonymous.post(DEV_TOKEN, TENANT_BODY, "Origin", "https://evil.example");
    assertGraphError(otherSite, 403, "Forbidden");
    assertNull(otherSite.header("Access-Control-Allow-Origin"), "dev mode allows any origin elsewhere, not here");
    assertGraphError(anonymous.post(DEV_TOKEN, TENANT_BODY, "Sec-Fetch-Site", "cross-site"), 403, "Forbidden");
    assertGraphError(anonymous.post(DEV_TOKEN, TENANT_BODY, "Sec-Fetch-Site", "same-site"), 403, "Forbidden");
    Http.Response preflight = anonymous.send("OPTIONS", DEV_TOKEN, null, "Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST");
    assertNull(preflight.header("Access-Control-Allow-Origin"));
    assertGraphError(anonymous.post(DEV_TOKEN, TENANT_BODY, "Content-Type", "text/plain"), 415, "UnsupportedMediaType");
    assertGraphError(anonymous.post(DEV_TOKEN, "{\"tenant\":\"<script>\"}"), 400, "BadRequest");
  }

  @Test
  void devTokenIsRefusedOnANonLoopbackListener() throws Exception {
    TestServer everywhere = new TestServer().withHost("0.0.0.0");
    everywhere.beforeAll(null);
    try {
      Http.Response refused = everywhere.http().withoutToken().post(DEV_TOKEN, TENANT_BODY);
      assertGraphError(refused, 403, "Forbidden");
      assertTrue(refused.json().at("/error/message").asText().contains("loopback"));
    } finally {
      everywhere.afterAll(null);
    }
  }

  @Test
  void histogramTotalsEqualCountForTheSameFilter() {
    String filter = "activityDateTime ge 2016-03-01T00:00:00Z and activityDateTime lt 2016-05-01 and category eq 'Device'";
    long count = Long.parseLong(server.http().get(EVENTS + "/$count?$filter=" + encode(filter)).body());
    assertTrue(count > 0);
    JsonNode days = server.http().get("/viewer/histogram?interval=day&$filter=" + encode(filter)).json();
    assertEquals(count, days.get("total").asLong());
    long sum = 0;
    for (JsonNode bucket : days.get("value")) {
      assertEquals("Device", bucket.get("category").asText());
      assertTrue(bucket.get("start").asText().endsWith("T00:00:00Z"));
      sum += bucket.get("count").asLong();
    }
    assertEquals(count, sum);
    JsonNode hours = server.http().get("/viewer/histogram?interval=hour&$filter=" + encode(filter)).json();
    assertEquals(count, hours.get("total").asLong());
    JsonNode searched = server.http().get("/viewer/histogram?$search=" + encode("\"wipe\"")).json();
    assertEquals(Long.parseLong(server.http().get(EVENTS + "/$count?$search=" + encode("\"wipe\"")).body()),
        searched.get("total").asLong());

    assertGraphError(server.http().withoutToken().get("/viewer/histogram"), 401, "InvalidAuthenticationToken");
    assertGraphError(server.http().get("/viewer/histogram?interval=week"), 400, "BadRequest");
    assertGraphError(server.http().get("/viewer/histogram?$filter=" + encode("nope eq 1")), 400, "BadRequest");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
