package graphaudit.internal.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.Seeds;
import graphaudit.TestServer;
import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.audit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Events are answered from the response JSON stored when they were written; that text must be what
 * writing the event from its columns gives, on both roots, and must follow every update.
 */
class StoredJsonTest {

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(30, 11);

  private static final String UNUSUAL = "{\"activityDateTime\":\"2024-02-29T23:59:59.9999999-11:30\","
      + "\"correlationId\":\"0b5b6a1e-86a2-4f6e-9b43-7c2f0e1d2a3b\",\"category\":\"Ünïcödé \\\"quoted\\\" \\\\ \\u2028\","
      + "\"displayName\":\"tab\\there 😀\",\"actor\":{\"userPrincipalName\":\"a@b.c\",\"userPermissions\":[\"*\",\"\"],"
      + "\"userRoleScopeTags\":[{\"displayName\":\"Default\",\"roleScopeTagId\":\"0\"},{\"displayName\":null}],"
      + "\"remoteTenantId\":\"rt\",\"remoteUserId\":\"ru\"},"
      + "\"resources\":[{\"displayName\":\"r\",\"modifiedProperties\":[{\"displayName\":\"p\",\"oldValue\":\"{\\\"a\\\":1}\","
      + "\"newValue\":null}],\"resourceId\":\"x\"},{\"modifiedProperties\":[]}]}";

  @BeforeAll
  static void createEventsOfEveryShape() {
    for (String body : List.of(UNUSUAL, Seeds.BETA.requestBody(), Events.minimal("NoActorCollections"),
        "{\"activityDateTime\":\"2024-01-01T00:00:00Z\",\"correlationId\":\"0b5b6a1e-86a2-4f6e-9b43-7c2f0e1d2a3c\"}")) {
      assertEquals(201, server.http().post("/beta/deviceManagement/auditEvents", body).status());
    }
  }

  /** Every property selected: the same members, but written from the columns, not the stored text. */
  private static String selectAll(ApiVersion version) {
    return AuditSchema.AUDIT_EVENT.propertiesIn(version).stream().map(Property::name)
        .collect(Collectors.joining(","));
  }

  private static List<String> values(String pathAndQuery) {
    Http.Response page = server.http().get(pathAndQuery);
    assertEquals(200, page.status(), page.body());
    List<String> out = new ArrayList<>();
    page.json().get("value").forEach(v -> out.add(v.toString())); // toString keeps member order
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void storedTextEqualsTheEventWrittenFromItsColumns(String root) throws Exception {
    ApiVersion version = ApiVersion.valueOf(root.equals("beta") ? "BETA" : "V1_0");
    String collection = "/" + root + "/deviceManagement/auditEvents?$top=999";
    List<String> stored = values(collection);
    List<String> fromColumns = values(collection + "&$select=" + selectAll(version));

    assertTrue(stored.size() >= 34, "generated and created events: " + stored.size());
    assertEquals(fromColumns, stored);
    for (String event : stored) {
      JsonNode json = Http.JSON.readTree(event);
      String id = json.get("id").asText();
      JsonNode single = server.http().get("/" + root + "/deviceManagement/auditEvents/" + id).json();
      ((com.fasterxml.jackson.databind.node.ObjectNode) single).remove("@odata.context");
      assertEquals(event, single.toString(), "GET by id answers the same object");
      if (!json.get("actor").isNull()) {
        assertEquals(root.equals("beta"), json.get("actor").has("remoteTenantId"), event);
      }
    }
  }

  @Test
  void updatesRewriteTheStoredText() {
    String id = server.http().post("/beta/deviceManagement/auditEvents", UNUSUAL).json().get("id").asText();
    String event = "/beta/deviceManagement/auditEvents/" + id;

    assertEquals(200, server.http().patch(event, "{\"displayName\":\"patched\",\"actor\":{\"remoteUserId\":\"r2\"}}")
        .status());
    JsonNode read = server.http().get(event).json();
    assertEquals("patched", read.get("displayName").asText());
    assertEquals("r2", read.get("actor").get("remoteUserId").asText());
    assertEquals("*", read.get("actor").get("userPermissions").get(0).asText(), "collections kept");

    assertEquals(200, server.http().send("PUT", event, Events.minimal("Replaced"),
        "Content-Type", "application/json").status());
    JsonNode replaced = server.http().get("/v1.0/deviceManagement/auditEvents/" + id).json();
    assertEquals("Replaced", replaced.get("category").asText());
    assertTrue(replaced.get("resources").isNull());
  }

}
