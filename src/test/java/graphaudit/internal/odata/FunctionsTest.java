package graphaudit.internal.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.GraphErrorAssert;
import graphaudit.Http;
import graphaudit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** getAuditCategories() and getAuditActivityTypes(category='X') in every call form Graph accepts. */
class FunctionsTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  @BeforeAll
  static void createEvents() {
    String[][] events = {{"Role", "Delete"}, {"Device", "Wipe"}, {"Device", "Create"}, {"Device", "Wipe"},
        {"Application", "Assign"}, {"Role", null}, {null, "Orphan"}};
    for (String[] e : events) {
      String body = "{\"activityDateTime\":\"2024-01-09T00:00:00Z\",\"correlationId\":\"" + UUID.randomUUID() + "\","
          + "\"category\":" + (e[0] == null ? "null" : "\"" + e[0] + "\"") + ","
          + "\"activityType\":" + (e[1] == null ? "null" : "\"" + e[1] + "\"") + "}";
      assertEquals(201, server.http().post("/beta/deviceManagement/auditEvents", body).status());
    }
  }

  private static List<String> values(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.get("value").forEach(v -> out.add(v.asText()));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"getAuditCategories()", "microsoft.graph.getAuditCategories()",
      "graph.getAuditCategories()", "getAuditCategories", "GETAUDITCATEGORIES()", "Microsoft.Graph.getAuditCategories"})
  void categoriesAreDistinctAndSorted(String form) {
    for (String version : new String[] {"v1.0", "beta"}) {
      Http.Response response = server.http().get("/" + version + "/deviceManagement/auditEvents/" + form);
      assertEquals(200, response.status(), form + " → " + response.body());
      assertEquals(List.of("Application", "Device", "Role"), values(response.json()));
      assertEquals(server.root(version) + "/$metadata#Collection(Edm.String)",
          response.json().get("@odata.context").asText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"getAuditActivityTypes(category='Device')",
      "microsoft.graph.getAuditActivityTypes(category='Device')", "graph.getAuditActivityTypes(category='Device')",
      "getAuditActivityTypes(category=@c)?@c='Device'"})
  void activityTypesWithinACategory(String form) {
    Http.Response response = server.http().get("/beta/deviceManagement/auditEvents/" + form);
    assertEquals(200, response.status(), form + " → " + response.body());
    assertEquals(List.of("Create", "Wipe"), values(response.json()));
  }

  @Test
  void topSkipAndCountApplyToTheValues() {
    JsonNode page = server.http().get("/beta/deviceManagement/auditEvents/getAuditCategories()?$skip=1&$top=1&$count=true")
        .json();
    assertEquals(List.of("Device"), values(page));
    assertEquals(3, page.get("@odata.count").asLong());
    JsonNode types = server.http().get(
        "/v1.0/deviceManagement/auditEvents/getAuditActivityTypes(category='Device')?top=1&count=true").json();
    assertEquals(List.of("Create"), values(types));
    assertEquals(2, types.get("@odata.count").asLong());
  }

  @Test
  void optionsTheFunctionsDoNotTakeAre400() {
    GraphErrorAssert.assertGraphError(server.http().get(
        "/beta/deviceManagement/auditEvents/getAuditCategories()?$orderby=x"), 400, "BadRequest");
    GraphErrorAssert.assertGraphError(server.http().get(
        "/beta/deviceManagement/auditEvents/getAuditCategories()?$search=x"), 400, "BadRequest");
    // Olingo's $apply parser fails with an NPE on a collection of strings
    GraphErrorAssert.assertGraphError(server.http().get(
        "/beta/deviceManagement/auditEvents/getAuditCategories()?$apply=groupby((category))"), 400, "BadRequest");
    GraphErrorAssert.assertGraphError(server.http().get("/v1.0/deviceManagement/auditEvents/"
        + "getAuditActivityTypes(category='Device')?$apply=groupby((category))"), 400, "BadRequest");
  }

  @Test
  void unknownCategoryHasNoActivityTypes() {
    JsonNode body = server.http().get("/beta/deviceManagement/auditEvents/getAuditActivityTypes(category='Nope')").json();
    assertEquals(List.of(), values(body));
  }

  @Test
  void missingOrWrongParameterIs400() {
    GraphErrorAssert.assertGraphError(
        server.http().get("/beta/deviceManagement/auditEvents/getAuditActivityTypes()"), 400, "BadRequest");
    GraphErrorAssert.assertGraphError(
        server.http().get("/beta/deviceManagement/auditEvents/getAuditActivityTypes(category=5)"), 400, "BadRequest");
  }
}
