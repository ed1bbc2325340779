package graphaudit.internal.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.Http;
import graphaudit.JsonShape;
import graphaudit.Seeds;
import graphaudit.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Microsoft's two Create auditEvent pages, replayed: the request byte for byte, the response as documented. */
class SeedExchangeTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  static java.util.List<Seeds.Exchange> seeds() {
    return Seeds.both();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void seedRequestGivesTheSeedResponse(Seeds.Exchange seed) {
    Http.Response created = server.http().sendBytes("POST", "/" + seed.version() + "/deviceManagement/auditEvents",
        seed.requestBody().getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
        "Accept", "application/json");

    assertEquals(201, created.status(), created.body());
    ObjectNode actual = (ObjectNode) created.json();
    ObjectNode expected = (ObjectNode) Http.JSON.valueToTree(readTree(seed.responseBody()));
    String id = actual.get("id").asText();
    assertNotEquals(expected.get("id").asText(), id, "id is generated, not copied from the page");
    assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
    assertEquals(server.root(seed.version()) + "/$metadata#deviceManagement/auditEvents/$entity",
        actual.get("@odata.context").asText());

    actual.remove("@odata.context");
    actual.put("id", expected.get("id").asText());
    assertEquals(expected, actual);
    assertEquals(JsonShape.orderedPaths(expected), JsonShape.orderedPaths(actual), "same members in the same order");
    assertEquals("2016-12-31T23:59:51.6363086-08:00", actual.get("activityDateTime").asText());

    assertEquals(server.root(seed.version()) + "/deviceManagement/auditEvents('" + id + "')", created.header("Location"));
    assertEquals("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
        created.header("Content-Type"));
    assertEquals("4.0", created.header("OData-Version"));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void storedSeedReadsBackAsTheSeedResponse(Seeds.Exchange seed) {
    String id = server.http().post("/" + seed.version() + "/deviceManagement/auditEvents", seed.requestBody())
        .json().get("id").asText();

    Http.Response read = server.http().get("/" + seed.version() + "/deviceManagement/auditEvents/" + id);

    assertEquals(200, read.status());
    ObjectNode actual = (ObjectNode) read.json();
    ObjectNode expected = (ObjectNode) readTree(seed.responseBody());
    actual.remove("@odata.context");
    actual.put("id", expected.get("id").asText());
    assertEquals(expected, actual);
    assertEquals(JsonShape.orderedPaths(expected), JsonShape.orderedPaths(actual));
  }

  @Test
  void seedWithWindowsLineEndingsAsTheDocumentedContentLengthImplies() {
    String crlf = Seeds.BETA.requestBody().replace("\n", "\r\n");
    Http.Response created = server.http().post("/beta/deviceManagement/auditEvents", crlf);
    assertEquals(201, created.status(), created.body());
  }

  @Test
  void betaEventReadThroughV1HasNoBetaOnlyProperties() {
    String id = server.http().post("/beta/deviceManagement/auditEvents", Seeds.BETA.requestBody())
        .json().get("id").asText();

    JsonNode v1 = server.http().get("/v1.0/deviceManagement/auditEvents/" + id).json();

    ObjectNode expected = (ObjectNode) readTree(Seeds.V1_0.responseBody());
    ObjectNode actual = (ObjectNode) v1;
    assertEquals(server.root("v1.0") + "/$metadata#deviceManagement/auditEvents/$entity",
        actual.remove("@odata.context").asText());
    actual.put("id", expected.get("id").asText());
    assertEquals(expected, actual);
    assertEquals(JsonShape.orderedPaths(expected), JsonShape.orderedPaths(actual));
  }

  @Test
  void v1EventReadThroughBetaHasBetaOnlyPropertiesNull() {
    String id = server.http().post("/v1.0/deviceManagement/auditEvents", Seeds.V1_0.requestBody())
        .json().get("id").asText();

    JsonNode actor = server.http().get("/beta/deviceManagement/auditEvents/" + id).json().get("actor");

    assertTrue(actor.get("userRoleScopeTags").isNull());
    assertTrue(actor.get("remoteTenantId").isNull());
    assertTrue(actor.get("remoteUserId").isNull());
    assertEquals("User Id value", actor.get("userId").asText());
  }

  @Test
  void metadataNoneDropsEveryAnnotation() {
    Http.Response created = server.http().post("/beta/deviceManagement/auditEvents", Seeds.BETA.requestBody(),
        "Accept", "application/json;odata.metadata=none");

    assertEquals(201, created.status());
    assertFalse(created.body().contains("@odata"), created.body());
    assertTrue(created.header("Content-Type").startsWith("application/json;odata.metadata=none"));
  }

  @Test
  void maxVersion401StillGetsOData40Names() {
    Http.Response created = server.http().post("/beta/deviceManagement/auditEvents", Seeds.BETA.requestBody(),
        "OData-MaxVersion", "4.01");

    assertEquals(201, created.status());
    assertTrue(created.json().has("@odata.context"));
    assertEquals("4.0", created.header("OData-Version"));
  }

  private static JsonNode readTree(String json) {
    try {
      return Http.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
