package graphaudit.internal.store;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static graphaudit.QueryDataset.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.AuditEvent;
import graphaudit.Http;
import graphaudit.PostgresCluster;
import graphaudit.TestServer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same service on PostgreSQL, the store for deployments that outgrow one machine: migrations,
 * writes, keyset paging, filters in PostgreSQL's SQL (lambdas, date parts, LIKE escapes, null
 * arguments), functions and the 400s its data errors must give, against 1,200 generated events whose
 * expected answers are computed here from the generator's output.
 */
@Tag("postgres")
class PostgresTest {

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(1_200, 3)
      .withDatabase(() -> {
        Assumptions.assumeTrue(PostgresCluster.installed(),
            "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql; .ci/run does");
        return PostgresCluster.shared().newDatabase();
      });

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String BODY = "{\"displayName\":\"pg\",\"category\":\"Written\",\"activityDateTime\":"
      + "\"2016-12-31T23:59:51.6363086-08:00\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\","
      + "\"actor\":{\"userPrincipalName\":\"o'brien_100%@x.y\",\"userPermissions\":[\"*\"]},"
      + "\"resources\":[{\"resourceId\":\"r-pg\",\"modifiedProperties\":[{\"displayName\":\"Limit\"}]}]}";

  @Test
  void writesReadsPatchesAndDeletesWithTheTimestampAsSent() {
    Http.Response created = server.http().post(EVENTS, BODY);
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    JsonNode read = server.http().get(EVENTS + "/" + id).json();
    assertEquals("2016-12-31T23:59:51.6363086-08:00", read.get("activityDateTime").asText());
    assertEquals("o'brien_100%@x.y", read.get("actor").get("userPrincipalName").asText());
    assertEquals(ids("contains(actor/userPrincipalName,'_100%')"), Set.of(id), "LIKE's wildcards escaped");
    assertEquals(ids("resources/any(r: r/modifiedProperties/any(p: p/displayName eq 'Limit'))"), Set.of(id));

    assertEquals(200, server.http().patch(EVENTS + "/" + id, "{\"category\":\"Patched\"}").status());
    assertEquals("Patched", server.http().get(EVENTS + "/" + id).json().get("category").asText());
    assertEquals(Set.of(), ids("resources/any(r: r/resourceId eq 'r-pg') and category eq 'Written'"));
    assertEquals(409, server.http().post(EVENTS, "{\"id\":\"" + id + "\"," + BODY.substring(1)).status());

    assertEquals(204, server.http().delete(EVENTS + "/" + id).status());
    assertGraphError(server.http().get(EVENTS + "/" + id), 404, "ResourceNotFound");
    assertEquals(Set.of(), ids("resources/any(r: r/resourceId eq 'r-pg')"), "its collection rows went with it");
  }

  @Test
  void nextLinksWalkEveryEventOnce() {
    Set<String> seen = new HashSet<>();
    String next = server.root("beta") + "/deviceManagement/auditEvents?$orderby=category,activityDateTime%20desc";
    int pages = 0;
    while (next != null) {
      JsonNode page = server.http().get(next.substring(server.origin().length()), "Prefer", "odata.maxpagesize=150")
          .json();
      page.get("value").forEach(e -> assertTrue(seen.add(e.get("id").asText()), "each event once"));
      next = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
      pages++;
    }
    assertEquals(generatedIds(e -> true), seen);
    assertEquals(8, pages);
  }

  @Test
  void filtersAnswerWhatTheEventsSay() {
    assertEquals(generatedIds(e -> "Device".equals(e.get("category")) && !time(e).isBefore(Instant.parse("2016-07-01T00:00:00Z"))),
        ids("category eq 'Device' and activityDateTime ge 2016-07-01"));
    assertEquals(generatedIds(e -> actor(e).get("userPermissions").equals(List.of("*"))),
        ids("actor/userPermissions/any(p: p eq '*')"));
    assertEquals(generatedIds(e -> resources(e).stream().anyMatch(r -> properties(r).stream()
            .anyMatch(p -> "Version".equals(p.get("displayName"))))),
        ids("resources/any(r: r/modifiedProperties/any(p: p/displayName eq 'Version'))"));
    assertEquals(generatedIds(e -> time(e).atZone(ZoneOffset.UTC).getMonthValue() == 3),
        ids("month(activityDateTime) eq 3"));
    assertEquals(generatedIds(e -> List.of("Role", "Other").contains(e.get("category"))),
        ids("category in ('Role','Other')"));
    assertEquals(generatedIds(e -> ((String) e.get("displayName")).startsWith("Patch")
            && ((String) actor(e).get("userPrincipalName")).contains("n1")),
        ids("startswith(displayName,'Patch') and contains(actor/userPrincipalName,'n1')"));
    assertEquals(generatedIds(e -> ((String) e.get("displayName")).length() + 1 > 20),
        ids("length(displayName) add 1 gt 20"));
    assertEquals(Set.of(), ids("concat(null,displayName) eq 'x'"));
    assertEquals(generatedIds(e -> ((String) e.get("displayName")).length() / 10 == 2),
        ids("length(displayName) div 10 eq 2"), "integers divide as integers");
    assertEquals(generatedIds(e -> ((String) e.get("displayName")).substring(2, 5).equals("tch")),
        ids("substring(displayName, 2, 3) eq 'tch'"));
    assertEquals(String.valueOf(generatedIds(e -> "Role".equals(e.get("category"))).size()),
        server.http().get(EVENTS + "/$count?$filter=" + enc("category eq 'Role'") + "&$search=" + enc("role")).body());
  }

  @Test
  void functionsListTheTenantsValues() {
    List<String> categories = server.generatedEvents().stream().map(e -> (String) e.get("category")).distinct()
        .sorted().toList();
    JsonNode body = server.http().get(EVENTS + "/getAuditCategories()").json();
    List<String> served = new java.util.ArrayList<>();
    body.get("value").forEach(v -> served.add(v.asText()));
    assertEquals(categories, served);
  }

  @Test
  void whatPostgresRefusesIsA400() {
    assertGraphError(server.http().get(EVENTS + "?$filter=" + enc("length(displayName) mul 9223372036854775807 gt 0")),
        400, "BadRequest");
    assertGraphError(server.http().get(EVENTS + "?$filter=" + enc("displayName eq 'a\u0000b'")), 400, "BadRequest");
    assertGraphError(server.http().get(EVENTS + "?$search=" + enc("\"a\u0000b\"")), 400, "BadRequest");
    assertGraphError(server.http().post(EVENTS, BODY.replace("\"pg\"", "\"a\\u0000b\"")), 400, "BadRequest");
  }

  private static Set<String> ids(String filter) {
    Set<String> ids = new HashSet<>();
    String next = EVENTS + "?$select=id&$filter=" + enc(filter);
    while (next != null) {
      Http.Response response = server.http().get(next, "Prefer", "odata.maxpagesize=999");
      assertEquals(200, response.status(), filter + ": " + response.body());
      response.json().get("value").forEach(e -> ids.add(e.get("id").asText()));
      next = response.json().has("@odata.nextLink")
          ? response.json().get("@odata.nextLink").asText().substring(server.origin().length()) : null;
    }
    return ids;
  }

  private static Set<String> generatedIds(Predicate<Map<String, Object>> matches) {
    Set<String> ids = new HashSet<>();
    for (AuditEvent event : server.generatedEvents()) {
      if (matches.test(event.properties())) {
        ids.add((String) event.get("id"));
      }
    }
    return ids;
  }

  private static Instant time(Map<String, Object> event) {
    return Instant.parse((String) event.get("activityDateTime"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> actor(Map<String, Object> event) {
    return (Map<String, Object>) event.get("actor");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> resources(Map<String, Object> event) {
    return (List<Map<String, Object>>) event.get("resources");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> properties(Map<String, Object> resource) {
    return (List<Map<String, Object>>) resource.get("modifiedProperties");
  }
}
