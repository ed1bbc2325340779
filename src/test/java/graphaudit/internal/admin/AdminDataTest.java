package graphaudit.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.GraphErrorAssert;
import graphaudit.Http;
import graphaudit.Seeds;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dev-mode requests a test suite in another language resets and seeds the service with: the same
 * seed gives the same events, a reset empties one tenant or all and the service keeps serving, and
 * every misuse is a Graph-shaped 4xx. (Outside dev mode they are a 403: {@code JwksFileTest}.)
 */
class AdminDataTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String OTHER = "0b0b0b0b-1111-4111-8111-0b0b0b0b0b0b";

  @RegisterExtension
  static final TestServer server = new TestServer();

  private Http dev;
  private Http other;

  @BeforeEach
  void emptyStore() {
    dev = server.http();
    other = server.http().withToken(server.mint(Token.delegated(OTHER, Token.READ_WRITE)));
    assertEquals(200, dev.post("/admin/reset", "").status());
  }

  @Test
  void theSameSeedGivesTheSameEventsInAnyTenant() {
    Http.Response seeded = dev.post("/admin/seed", "{\"events\":120,\"seed\":7}");
    assertEquals(200, seeded.status(), seeded.body());
    assertEquals(Tenants.DEV, seeded.json().get("tenant").asText(), "the caller's tenant by default");
    assertEquals(200, dev.post("/admin/seed", "{\"events\":120,\"seed\":7,\"tenant\":\"" + OTHER + "\"}").status());
    assertEquals("120", dev.get(EVENTS + "/$count").body());
    JsonNode mine = dev.get(EVENTS + "?$orderby=id", "Prefer", "odata.maxpagesize=200").json().get("value");
    JsonNode theirs = other.get(EVENTS + "?$orderby=id", "Prefer", "odata.maxpagesize=200").json().get("value");
    assertEquals(120, mine.size());
    assertEquals(mine, theirs, "every event identical, ids included");

    assertEquals(200, dev.post("/admin/seed", "{\"events\":5,\"seed\":8}").status(), "another seed, other ids");
    assertEquals("125", dev.get(EVENTS + "/$count").body());
  }

  @Test
  void resetEmptiesOneTenantOrEveryTenant() {
    dev.post("/admin/seed", "{\"events\":30}");
    other.post("/admin/seed", "{\"events\":20,\"seed\":2}");
    Http.Response one = dev.post("/admin/reset", "{\"tenant\":\"" + OTHER + "\"}");
    assertEquals(200, one.status(), one.body());
    assertEquals(20, one.json().get("deleted").asLong());
    assertEquals("0", other.get(EVENTS + "/$count").body());
    assertEquals("30", dev.get(EVENTS + "/$count").body(), "the other tenant keeps its events");

    other.post("/admin/seed", "{\"events\":20,\"seed\":2}");
    Http.Response all = dev.post("/admin/reset", "");
    assertEquals(50, all.json().get("deleted").asLong());
    assertEquals("0", dev.get(EVENTS + "/$count").body());
    assertEquals("0", other.get(EVENTS + "/$count").body());
    assertEquals(201, dev.post(EVENTS, Seeds.BETA.requestBody()).status(), "still serving after a reset");
  }

  @Test
  void seedingOverExistingIdsIsAConflict() {
    assertEquals(200, dev.post("/admin/seed", "{\"events\":10,\"seed\":3}").status());
    GraphErrorAssert.assertGraphError(dev.post("/admin/seed", "{\"events\":10,\"seed\":3}"), 409, "Conflict");
    assertEquals("10", dev.get(EVENTS + "/$count").body(), "the failed batch stored nothing");
  }

  @Test
  void misuseIsAGraphShapedClientError() {
    GraphErrorAssert.assertGraphError(dev.get("/admin/reset"), 405, "MethodNotAllowed");
    GraphErrorAssert.assertGraphError(dev.post("/admin/seed", "{}"), 400, "BadRequest");
    GraphErrorAssert.assertGraphError(dev.post("/admin/seed", "{\"events\":-1}"), 400, "BadRequest");
    GraphErrorAssert.assertGraphError(dev.post("/admin/seed", "{\"events\":\"many\"}"), 400, "BadRequest");
    GraphErrorAssert.assertGraphError(dev.post("/admin/seed", "[1]"), 400, "BadRequest");
    GraphErrorAssert.assertGraphError(dev.post("/admin/reset", "{\"tenant\":\"contoso\"}"), 400, "BadRequest");
    GraphErrorAssert.assertGraphError(dev.post("/admin/reset", "not json"), 400, "BadRequest");
    GraphErrorAssert.assertGraphError(dev.withoutToken().post("/admin/reset", ""), 401, "InvalidAuthenticationToken");
    Http reader = dev.withToken(server.mint(Token.delegated(Tenants.DEV, Token.READ)));
    GraphErrorAssert.assertGraphError(reader.post("/admin/reset", ""), 403, "Forbidden");
  }
}
