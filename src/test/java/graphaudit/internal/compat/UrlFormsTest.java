package graphaudit.internal.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import graphaudit.Events;
import graphaudit.Http;
import graphaudit.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every URL and body form Graph accepts and so must we: key forms, case, $-less options, type names. */
class UrlFormsTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static String id;

  @BeforeAll
  static void createEvent() {
    id = server.http().post("/beta/deviceManagement/auditEvents", Events.minimal("Forms")).json().get("id").asText();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/beta/deviceManagement/auditEvents/{id}",
      "/beta/deviceManagement/auditEvents('{id}')",
      "/beta/deviceManagement/auditEvents({id})",
      "/beta/deviceManagement/auditEvents/{id}/",
      "/BETA/DEVICEMANAGEMENT/AUDITEVENTS/{id}",
      "/Beta/devicemanagement/auditevents('{id}')",
      "/v1.0/deviceManagement/auditEvents/{id}",
      "/V1.0/DeviceManagement/AuditEvents({id})"})
  void everyKeyFormReadsTheEvent(String form) {
    Http.Response read = server.http().get(form.replace("{id}", id));
    assertEquals(200, read.status(), form + " → " + read.body());
    assertEquals(id, read.json().get("id").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"it's", "with space", "x+y", "ünï/cödé"})
  void clientIdsWithSpecialCharactersWorkInEveryKeyForm(String clientId) {
    assertEquals(201, server.http().post("/beta/deviceManagement/auditEvents",
        Events.withId(clientId.replace("\"", "\\\""))).status());
    String encoded = URLEncoder.encode(clientId, StandardCharsets.UTF_8).replace("+", "%20");
    String quoted = URLEncoder.encode("'" + clientId.replace("'", "''") + "'", StandardCharsets.UTF_8)
        .replace("+", "%20");

    for (String url : new String[] {"/beta/deviceManagement/auditEvents/" + encoded,
        "/beta/deviceManagement/auditEvents(" + quoted + ")"}) {
      Http.Response read = server.http().get(url);
      assertEquals(200, read.status(), url + " → " + read.body());
      assertEquals(clientId, read.json().get("id").asText());
    }
    String location = server.http().get("/beta/deviceManagement/auditEvents/" + encoded).json().get("id").asText();
    assertEquals(clientId, location);
  }

  @Test
  void locationHeaderIsAReadableUrl() {
    Http.Response created = server.http().post("/beta/deviceManagement/auditEvents", Events.withId("loc'ation x"));
    String location = created.header("Location");
    Http.Response read = server.http().get(location.substring(server.origin().length()));
    assertEquals(200, read.status(), location);
    assertEquals("loc'ation x", read.json().get("id").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"$top=1", "top=1", "$TOP=1", "Top=1", "%24top=1"})
  void queryOptionsWithOrWithoutDollarInAnyCase(String option) {
    Http.Response page = server.http().get("/beta/deviceManagement/auditEvents?" + option);
    assertEquals(200, page.status(), page.body());
    assertEquals(1, page.json().get("value").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"select=id", "$select=id", "count=true&select=id", "$Select=id"})
  void selectAndCountWithoutDollar(String options) {
    Http.Response page = server.http().get("/beta/deviceManagement/auditEvents?" + options);
    assertEquals(200, page.status(), page.body());
    assertEquals(2, page.json().get("value").get(0).size(), "only @odata.type and id");
  }

  @Test
  void countSegmentInAnyCase() {
    assertEquals(200, server.http().get("/beta/deviceManagement/auditEvents/$COUNT").status());
    assertEquals(200, server.http().get("/beta/DeviceManagement/AuditEvents/$count").status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"#microsoft.graph.auditEvent", "microsoft.graph.auditEvent", "#graph.auditEvent",
      "graph.auditEvent"})
  void odataTypeWithOrWithoutHashOrAlias(String type) {
    String body = "{\"@odata.type\":\"" + type + "\",\"activityDateTime\":\"2024-01-09T00:00:00Z\","
        + "\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\","
        + "\"actor\":{\"@odata.type\":\"#microsoft.graph.auditActor\",\"userId\":\"u\"},"
        + "\"resources\":[{\"@odata.type\":\"microsoft.graph.auditResource\",\"modifiedProperties\":"
        + "[{\"@odata.type\":\"#graph.auditProperty\",\"displayName\":\"p\"}]}]}";
    Http.Response created = server.http().post("/beta/deviceManagement/auditEvents", body);
    assertEquals(201, created.status(), created.body());
    assertEquals("p", created.json().get("resources").get(0).get("modifiedProperties").get(0)
        .get("displayName").asText());
  }

  @Test
  void otherInstanceAnnotationsAreIgnored() {
    String body = "{\"@odata.id\":\"x\",\"@custom.note\":1,\"activityDateTime@odata.type\":\"#DateTimeOffset\","
        + "\"activityDateTime\":\"2024-01-09T00:00:00Z\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}";
    assertEquals(201, server.http().post("/beta/deviceManagement/auditEvents", body).status());
  }

  @Test
  void contentTypeWithParametersIsJson() {
    Http.Response created = server.http().post("/beta/deviceManagement/auditEvents", Events.minimal("Forms"),
        "Content-Type", "application/json; odata.metadata=minimal; charset=utf-8");
    assertEquals(201, created.status(), created.body());
  }

  @Test
  void missingContentTypeIsTakenAsJson() {
    Http.Response created = server.http().send("POST", "/beta/deviceManagement/auditEvents", Events.minimal("Forms"));
    assertEquals(201, created.status(), created.body());
  }
}
