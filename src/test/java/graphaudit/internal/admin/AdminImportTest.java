package graphaudit.internal.admin;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Http;
import graphaudit.RawHttp;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /admin/import}, the import command over HTTP: saved Graph pages and NDJSON are stored with
 * their ids and {@code activityDateTime} text, a re-import is a no-op, a changed event is reported and
 * kept, a bad record is a 400 naming it with nothing of its batch stored, and every misuse is a
 * Graph-shaped 4xx. (Outside dev mode it is a 403: {@code JwksFileTest}.)
 */
class AdminImportTest {

  private static final String IMPORT = "/admin/import";
  private static final String EVENTS = "/deviceManagement/auditEvents";
  private static final String OTHER = "0b0b0b0b-1111-4111-8111-0b0b0b0b0b0b";
  private static final String DATE_TIME = "2016-12-31T23:59:51.6363086-08:00";
  private static final String NDJSON = "application/x-ndjson";

  @RegisterExtension
  static final TestServer server = new TestServer();

  private Http dev;

  @BeforeEach
  void emptyStore() {
    dev = server.http();
    assertEquals(200, dev.post("/admin/reset", "").status());
  }

  @Test
  void graphPagesAreStoredWithTheirIdsAndDateTimeText() {
    String pages = page("https://graph.microsoft.com/beta/x?$skiptoken=a", event("g-1", "Device"),
        event("g-2", "Role")) + "\n" + page(null, event("g-3", "Role"));
    Http.Response imported = dev.post(IMPORT, pages);
    assertEquals(200, imported.status(), imported.body());
    assertSummary(imported.json(), Tenants.DEV, 3, 0, 0);
    assertEquals(0, imported.json().get("problems").size());
    for (String root : new String[] {"/beta", "/v1.0"}) {
      JsonNode listed = dev.get(root + EVENTS + "?$orderby=id").json().get("value");
      assertEquals(3, listed.size(), root);
      for (int i = 0; i < 3; i++) {
        assertEquals("g-" + (i + 1), listed.get(i).get("id").asText());
        assertEquals(DATE_TIME, listed.get(i).get("activityDateTime").asText(), "the text as imported");
      }
    }

    Http.Response elsewhere = dev.post(IMPORT + "?tenant=" + OTHER.toUpperCase(), pages);
    assertSummary(elsewhere.json(), OTHER, 3, 0, 0);
    Http other = dev.withToken(server.mint(Token.delegated(OTHER, Token.READ_WRITE)));
    assertEquals("3", other.get("/beta" + EVENTS + "/$count").body());
  }

  @Test
  void aReimportIsANoOpAndAChangedEventIsReportedAndKept() {
    String lines = event("n-1", "Device") + "\n" + event("n-2", "Device") + "\n";
    assertSummary(dev.post(IMPORT, lines, "Content-Type", NDJSON).json(), Tenants.DEV, 2, 0, 0);
    assertSummary(dev.post(IMPORT, lines, "Content-Type", NDJSON).json(), Tenants.DEV, 0, 2, 0);

    Http.Response changed = dev.post(IMPORT, event("n-1", "Role") + "\n" + event("n-2", "Device"),
        "Content-Type", NDJSON);
    assertEquals(200, changed.status(), changed.body());
    assertSummary(changed.json(), Tenants.DEV, 0, 1, 1);
    JsonNode problem = changed.json().get("problems").get(0);
    assertEquals("line 1", problem.get("where").asText());
    assertTrue(problem.get("reason").asText().contains("'n-1' is stored with other content"), changed.body());
    assertEquals("Device", dev.get("/beta" + EVENTS + "/n-1").json().get("category").asText(), "the stored one kept");
  }

  @Test
  void aBadLineIsA400NamingItAndNothingOfItsBatchIsStored() {
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 1500; i++) {
      lines.append(i == 1200 ? "{\"id\":\"n-1200\",\"activityDateTime\":\"yesterday\"}" : event("n-" + i, "Device"))
          .append('\n');
    }
    Http.Response refused = dev.post(IMPORT, lines.toString(), "Content-Type", NDJSON);
    String message = assertGraphError(refused, 400, "BadRequest");
    assertTrue(message.contains("the first at line 1200: ") && message.contains("activityDateTime"), message);
    JsonNode error = refused.json().get("error");
    assertEquals("InvalidRecord", error.at("/details/0/code").asText(), refused.body());
    assertEquals("line 1200", error.at("/details/0/target").asText());
    assertEquals("NotStored", error.at("/details/1/code").asText());
    assertEquals("line 1001 to line 1500", error.at("/details/1/target").asText());
    JsonNode summary = error.at("/innerError/summary");
    assertSummary(summary, Tenants.DEV, 1000, 0, 0);
    assertEquals(1, summary.get("bad").asLong());
    assertEquals(499, summary.get("refused").asLong());

    assertEquals("1000", dev.get("/beta" + EVENTS + "/$count").body(), "the first batch, whole");
    assertEquals(404, dev.get("/beta" + EVENTS + "/n-1001").status(), "nothing of the bad one's batch");
  }

  @Test
  void theFirstHundredProblemsAreNamedAndAllCounted() {
    Http.Response refused = dev.post(IMPORT, "{not json\n".repeat(150), "Content-Type", NDJSON);
    assertGraphError(refused, 400, "BadRequest");
    assertEquals(100, refused.json().at("/error/details").size());
    assertEquals("line 100", refused.json().at("/error/details/99/target").asText());
    assertEquals(150, refused.json().at("/error/innerError/summary/bad").asLong());
  }

  @Test
  void theFormatIsTheContentTypesUnlessTheQueryNamesIt() {
    String line = event("f-1", "Device") + "\n";
    assertEquals(200, dev.post(IMPORT, line, "Content-Type", "application/jsonl").status());
    assertEquals(200, dev.post(IMPORT, line, "Content-Type", "application/x-ndjson; charset=utf-8").status());
    assertEquals(200, dev.post(IMPORT + "?format=ndjson", line).status(), "over application/json");
    assertEquals(200, dev.post(IMPORT + "?format=graph", page(null, event("f-2", "Role")), "Content-Type", NDJSON)
        .status());
    assertEquals("2", dev.get("/beta" + EVENTS + "/$count").body());
    String message = assertGraphError(dev.post(IMPORT, line), 400, "BadRequest");
    assertTrue(message.contains("page 1 (line 1): an event where a Graph list response (a JSON object with a value "
        + "array) was expected: this looks like NDJSON") && message.contains("?format=ndjson"),
        "NDJSON read as Graph pages: " + message);
  }

  @Test
  void misuseIsAGraphShapedClientErrorAndStoresNothing() {
    String line = event("m-1", "Device");
    Http.Response get = dev.get(IMPORT);
    assertGraphError(get, 405, "MethodNotAllowed");
    assertEquals("POST", get.header("Allow"));
    assertGraphError(dev.withoutToken().post(IMPORT + "?format=ndjson", line), 401, "InvalidAuthenticationToken");
    Http reader = dev.withToken(server.mint(Token.delegated(Tenants.DEV, Token.READ)));
    assertGraphError(reader.post(IMPORT + "?format=ndjson", line), 403, "Forbidden");
    assertGraphError(dev.post(IMPORT + "?format=csv", line), 400, "BadRequest");
    assertGraphError(dev.post(IMPORT + "?format=ndjson&tenant=contoso", line), 400, "BadRequest");
    assertGraphError(dev.post(IMPORT + "?format=ndjson&tenat=" + OTHER, line), 400, "BadRequest");
    assertGraphError(dev.post(IMPORT, line, "Content-Type", "application/x-www-form-urlencoded"), 415,
        "UnsupportedMediaType");
    assertGraphError(RawHttp.postOversized(server, IMPORT, 5L * 1024 * 1024), 413, "RequestEntityTooLarge");
    assertEquals("0", dev.get("/beta" + EVENTS + "/$count").body());
  }

  private static void assertSummary(JsonNode summary, String tenant, long created, long unchanged, long differing) {
    assertEquals(tenant, summary.get("tenant").asText(), summary.toString());
    assertEquals(created, summary.get("created").asLong(), summary.toString());
    assertEquals(unchanged, summary.get("unchanged").asLong(), summary.toString());
    assertEquals(differing, summary.get("differing").asLong(), summary.toString());
  }

  private static String page(String nextLink, String... events) {
    return "{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#deviceManagement/auditEvents\","
        + "\"value\":[" + String.join(",", events) + "]"
        + (nextLink == null ? "" : ",\"@odata.nextLink\":\"" + nextLink + "\"") + "}";
  }

  private static String event(String id, String category) {
    return "{\"@odata.type\":\"#microsoft.graph.auditEvent\",\"id\":\"" + id + "\",\"displayName\":\"d\","
        + "\"activityDateTime\":\"" + DATE_TIME + "\",\"correlationId\":"
        + "\"52effe71-fe71-52ef-71fe-ef5271feef52\",\"actor\":{\"userPrincipalName\":\"a@b.c\","
        + "\"remoteTenantId\":\"r\"},\"category\":\"" + category + "\"}";
  }
}
