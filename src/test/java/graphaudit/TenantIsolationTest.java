package graphaudit;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.internal.auth.Permissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract §7, tenants: two tenants on one service. The token's tid scopes everything: tenant B never
 * sees, counts, pages through, updates or deletes tenant A's events, an id of A is to B exactly what a
 * missing id is, ids may repeat across tenants, and the functions answer per tenant.
 */
class TenantIsolationTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final String TENANT_A = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
  private static final String TENANT_B = "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb";
  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String MISSING = "00000000-0000-0000-0000-000000000000";

  private static Http a;
  private static Http b;
  private static final List<String> idsOfA = new ArrayList<>();
  private static final List<String> idsOfB = new ArrayList<>();

  @BeforeAll
  static void twoTenantsWithTheirOwnEvents() {
    a = server.http().withToken(server.mint(Token.delegated(TENANT_A, Permissions.READ_WRITE)));
    b = server.http().withToken(server.mint(Token.application(TENANT_B, Permissions.READ_WRITE)));
    for (int i = 0; i < 5; i++) {
      idsOfA.add(create(a, "Alpha", "AlphaActivity" + i));
    }
    for (int i = 0; i < 3; i++) {
      idsOfB.add(create(b, "Beta", "BetaActivity" + i));
    }
  }

  private static String create(Http client, String category, String activityType) {
    Http.Response created = client.post(EVENTS, "{\"category\":\"" + category + "\",\"activityType\":\""
        + activityType + "\",\"activityDateTime\":\"2024-01-09T00:00:00Z\","
        + "\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}");
    assertEquals(201, created.status(), created.body());
    return created.json().get("id").asText();
  }

  @ParameterizedTest
  @ValueSource(strings = {"beta", "v1.0"})
  void eachTenantListsAndCountsOnlyItsOwn(String root) {
    String events = "/" + root + "/deviceManagement/auditEvents";
    assertEquals(Set.copyOf(idsOfA), ids(a.get(events + "?$count=true").json()));
    assertEquals(Set.copyOf(idsOfB), ids(b.get(events + "?$count=true").json()));
    assertEquals(5, a.get(events + "?$count=true").json().get("@odata.count").asInt());
    assertEquals(3, b.get(events + "?$count=true").json().get("@odata.count").asInt());
    assertEquals("5", a.get(events + "/$count").body());
    assertEquals("3", b.get(events + "/$count").body());
    assertEquals("0", server.http().get(events + "/$count").body(), "the dev tenant has none of them");
  }

  @Test
  void pagingThroughNextLinksStaysInTheTenant() {
    Set<String> seen = new HashSet<>();
    String next = EVENTS;
    int pages = 0;
    while (next != null) {
      JsonNode page = b.get(next, "Prefer", "odata.maxpagesize=1").json();
      seen.addAll(ids(page));
      next = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText().replace(server.origin(), "") : null;
      pages++;
      assertTrue(pages <= 10, "paging does not end");
    }
    assertEquals(Set.copyOf(idsOfB), seen);
  }

  @Test
  void aNextLinkOfOneTenantIsRefusedToAnother() {
    String next = a.get(EVENTS, "Prefer", "odata.maxpagesize=1").json().get("@odata.nextLink").asText()
        .replace(server.origin(), "");
    assertEquals(200, a.get(next, "Prefer", "odata.maxpagesize=1").status());
    assertGraphError(b.get(next, "Prefer", "odata.maxpagesize=1"), 400, "BadRequest");
  }

  @Test
  void anIdOfAnotherTenantIsA404IdenticalToAMissingOne() {
    String ofA = idsOfA.get(0);
    for (String method : List.of("GET", "PATCH", "PUT", "DELETE")) {
      String body = method.equals("PATCH") || method.equals("PUT")
          ? "{\"category\":\"Stolen\",\"activityDateTime\":\"2024-01-09T00:00:00Z\","
              + "\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}" : null;
      Http.Response foreign = b.send(method, EVENTS + "/" + ofA, body, "Content-Type", "application/json");
      Http.Response missing = b.send(method, EVENTS + "/" + MISSING, body, "Content-Type", "application/json");

      String foreignMessage = assertGraphError(foreign, 404, "ResourceNotFound");
      String missingMessage = assertGraphError(missing, 404, "ResourceNotFound");
      assertEquals(missingMessage.replace(MISSING, "{id}"), foreignMessage.replace(ofA, "{id}"), method);
    }
    JsonNode stillThere = a.get(EVENTS + "/" + ofA).json();
    assertEquals("Alpha", stillThere.get("category").asText(), "A's event is untouched");
    assertEquals("5", a.get(EVENTS + "/$count").body());
  }

  @Test
  void theSameClientIdMayExistInBothTenants() {
    String body = "{\"id\":\"shared-id\",\"category\":\"%s\",\"activityDateTime\":\"2024-01-09T00:00:00Z\","
        + "\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}";
    Http c = server.http().withToken(server.mint(Token.delegated("cccccccc-3333-4333-8333-cccccccccccc",
        Permissions.READ_WRITE)));
    Http d = server.http().withToken(server.mint(Token.delegated("dddddddd-4444-4444-8444-dddddddddddd",
        Permissions.READ_WRITE)));
    assertEquals(201, c.post(EVENTS, body.formatted("C")).status());
    assertEquals(201, d.post(EVENTS, body.formatted("D")).status(), "no 409: the other tenant's id is invisible");
    assertEquals("C", c.get(EVENTS + "/shared-id").json().get("category").asText());
    assertEquals("D", d.get(EVENTS + "/shared-id").json().get("category").asText());
    assertEquals(204, d.delete(EVENTS + "/shared-id").status());
    assertEquals("C", c.get(EVENTS + "/shared-id").json().get("category").asText());
  }

  @Test
  void functionsAnswerPerTenant() {
    assertEquals(List.of("Alpha"), values(a.get(EVENTS + "/getAuditCategories()").json()));
    assertEquals(List.of("Beta"), values(b.get(EVENTS + "/getAuditCategories()").json()));
    assertEquals(5, values(a.get(EVENTS + "/getAuditActivityTypes(category='Alpha')").json()).size());
    assertEquals(List.of(), values(b.get(EVENTS + "/getAuditActivityTypes(category='Alpha')").json()));
    assertEquals(List.of("BetaActivity0", "BetaActivity1", "BetaActivity2"),
        values(b.get(EVENTS + "/getAuditActivityTypes(category='Beta')").json()));
  }

  @Test
  void theTenantIdIsCaseInsensitive() {
    Http upper = server.http().withToken(server.mint(Token.delegated(TENANT_A.toUpperCase(), Permissions.READ)));
    assertEquals("5", upper.get(EVENTS + "/$count").body());
  }

  private static Set<String> ids(JsonNode page) {
    Set<String> ids = new HashSet<>();
    JsonNode value = page.get("value");
    assertNotNull(value, page.toString());
    value.forEach(e -> ids.add(e.get("id").asText()));
    return ids;
  }

  private static List<String> values(JsonNode result) {
    List<String> values = new ArrayList<>();
    result.get("value").forEach(v -> values.add(v.asText()));
    return values;
  }
}
