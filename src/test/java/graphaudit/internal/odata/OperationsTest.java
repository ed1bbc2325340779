package graphaudit.internal.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Create, get, update (PATCH, PUT), delete, the singleton and the service document, on both roots. */
class OperationsTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static String create(String version, String body) {
    Http.Response created = server.http().post("/" + version + "/deviceManagement/auditEvents", body);
    assertEquals(201, created.status(), created.body());
    return created.json().get("id").asText();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void getReturnsTheStoredEvent(String version) {
    String id = create(version, Events.minimal("Device"));

    Http.Response read = server.http().get("/" + version + "/deviceManagement/auditEvents/" + id);

    assertEquals(200, read.status());
    JsonNode event = read.json();
    assertEquals(id, event.get("id").asText());
    assertEquals("Device", event.get("category").asText());
    assertEquals("2024-01-09T10:00:00.1234567+02:00", event.get("activityDateTime").asText());
    assertEquals("admin@contoso.com", event.get("actor").get("userPrincipalName").asText());
    assertTrue(event.get("resources").isNull());
    assertTrue(event.get("actor").get("userPermissions").isNull());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void serverAssignedIdsAreTimeOrderedGuids(String version) {
    long before = System.currentTimeMillis();
    String first = create(version, Events.minimal("Device"));
    String second = create(version, Events.minimal("Device"));
    long after = System.currentTimeMillis();

    long[] millis = new long[2];
    List<String> ids = List.of(first, second);
    for (int i = 0; i < 2; i++) {
      UUID guid = UUID.fromString(ids.get(i));
      assertEquals(ids.get(i), guid.toString(), "lower-case canonical GUID");
      assertEquals(7, guid.version());
      assertEquals(2, guid.variant());
      millis[i] = guid.getMostSignificantBits() >>> 16; // RFC 9562: the first 48 bits are Unix milliseconds
      assertTrue(before <= millis[i] && millis[i] <= after, "id time " + millis[i] + " outside the request");
    }
    assertTrue(millis[0] <= millis[1], first + " then " + second);
    assertTrue(millis[0] == millis[1] || first.compareTo(second) < 0, "ids sort as they were made");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void clientIdIsKept(String version) {
    String id = "client-chosen-" + version;
    assertEquals(id, create(version, Events.withId(id)));
    assertEquals(200, server.http().get("/" + version + "/deviceManagement/auditEvents/" + id).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void patchMergesAndAnswersTheEntity(String version) {
    String id = create(version, Events.minimal("Device"));

    Http.Response patched = server.http().patch("/" + version + "/deviceManagement/auditEvents/" + id,
        "{\"category\":\"Compliance\",\"actor\":{\"ipAddress\":\"10.9.9.9\"}}");

    assertEquals(200, patched.status(), patched.body());
    JsonNode event = patched.json();
    assertEquals("Compliance", event.get("category").asText());
    assertEquals("10.9.9.9", event.get("actor").get("ipAddress").asText());
    assertEquals("admin@contoso.com", event.get("actor").get("userPrincipalName").asText(), "complex values merge");
    assertEquals("test event", event.get("displayName").asText());
    assertEquals(server.root(version) + "/$metadata#deviceManagement/auditEvents/$entity",
        event.get("@odata.context").asText());
    assertEquals("Compliance", server.http().get("/" + version + "/deviceManagement/auditEvents/" + id)
        .json().get("category").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void patchWithReturnMinimalAnswers204(String version) {
    String id = create(version, Events.minimal("Device"));

    Http.Response patched = server.http().patch("/" + version + "/deviceManagement/auditEvents/" + id,
        "{\"activityResult\":\"Success\"}", "Prefer", "return=minimal");

    assertEquals(204, patched.status());
    assertEquals("", patched.body());
    assertEquals("return=minimal", patched.header("Preference-Applied"));
    assertEquals("Success", server.http().get("/" + version + "/deviceManagement/auditEvents/" + id)
        .json().get("activityResult").asText());
  }

  @Test
  void patchCanClearANullableProperty() {
    String id = create("beta", Events.minimal("Device"));

    JsonNode event = server.http().patch("/beta/deviceManagement/auditEvents/" + id, "{\"actor\":null}").json();

    assertTrue(event.get("actor").isNull());
    assertTrue(server.http().get("/beta/deviceManagement/auditEvents/" + id).json().get("actor").isNull());
  }

  @Test
  void putReplacesTheWholeEvent() {
    String id = create("beta", Events.minimal("Device"));

    Http.Response put = server.http().send("PUT", "/beta/deviceManagement/auditEvents/" + id,
        "{\"activityDateTime\":\"2020-02-02T02:02:02Z\",\"correlationId\":\"11111111-2222-3333-4444-555555555555\"}",
        "Content-Type", "application/json");

    assertEquals(200, put.status(), put.body());
    JsonNode event = server.http().get("/beta/deviceManagement/auditEvents/" + id).json();
    assertEquals(id, event.get("id").asText());
    assertTrue(event.get("category").isNull());
    assertTrue(event.get("actor").isNull());
    assertEquals("2020-02-02T02:02:02Z", event.get("activityDateTime").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void deleteRemovesTheEvent(String version) {
    String id = create(version, Events.minimal("Device"));
    String url = "/" + version + "/deviceManagement/auditEvents/" + id;

    Http.Response deleted = server.http().delete(url);

    assertEquals(204, deleted.status());
    assertEquals(404, server.http().get(url).status());
    assertEquals(404, server.http().delete(url).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void missingEventsAre404Everywhere(String version) {
    String url = "/" + version + "/deviceManagement/auditEvents/does-not-exist";
    for (Http.Response response : new Http.Response[] {server.http().get(url),
        server.http().patch(url, "{\"category\":\"x\"}"), server.http().delete(url)}) {
      assertEquals(404, response.status());
      assertEquals("ResourceNotFound", response.json().get("error").get("code").asText());
    }
  }

  @Test
  void updatesThroughOneRootShowThroughTheOther() {
    String id = create("v1.0", Events.minimal("Device"));
    server.http().patch("/beta/deviceManagement/auditEvents/" + id,
        "{\"actor\":{\"remoteTenantId\":\"remote-tenant\"},\"category\":\"Role\"}");

    JsonNode v1 = server.http().get("/v1.0/deviceManagement/auditEvents/" + id).json();
    JsonNode beta = server.http().get("/beta/deviceManagement/auditEvents/" + id).json();

    assertEquals("Role", v1.get("category").asText());
    assertNull(v1.get("actor").get("remoteTenantId"), "beta-only property is not in v1.0");
    assertEquals("remote-tenant", beta.get("actor").get("remoteTenantId").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void singletonAndServiceDocument(String version) {
    JsonNode singleton = server.http().get("/" + version + "/deviceManagement").json();
    assertEquals("#microsoft.graph.deviceManagement", singleton.get("@odata.type").asText());
    assertEquals(server.root(version) + "/$metadata#deviceManagement", singleton.get("@odata.context").asText());

    Http.Response serviceDocument = server.http().get("/" + version + "/", "Accept", "application/json");
    assertEquals(200, serviceDocument.status());
    assertEquals("deviceManagement", serviceDocument.json().get("value").get(0).get("name").asText());
  }

  @Test
  void everyResponseCarriesRequestIds() {
    Http.Response withClientId = server.http().get("/beta/deviceManagement/auditEvents", "client-request-id", "abc-123");
    assertEquals("abc-123", withClientId.header("client-request-id"));
    assertTrue(withClientId.header("request-id").matches("[0-9a-f-]{36}"));

    Http.Response without = server.http().get("/beta/deviceManagement/auditEvents/none");
    assertEquals(without.header("request-id"), without.header("client-request-id"));
    assertEquals(without.header("request-id"), without.json().get("error").get("innerError").get("request-id").asText());
  }

  @Test
  void healthNeedsNothing() {
    Http.Response health = server.http().get("/health");
    assertEquals(200, health.status());
    assertEquals("Healthy", health.json().get("status").asText());
  }
}
