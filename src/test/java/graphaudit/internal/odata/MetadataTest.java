package graphaudit.internal.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Http;
import graphaudit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The served {@code $metadata} equals the reviewed CSDL in {@code metadata/<root>.xml} (and
 * {@code .json}), so every model change shows as a diff there. Regenerate with
 * {@code java -jar target/graph-audit.jar metadata ROOT [--json]}.
 */
class MetadataTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void servedMetadataEqualsTheGoldenFile(String version) throws Exception {
    Http.Response metadata = server.http().get("/" + version + "/$metadata");

    assertEquals(200, metadata.status());
    assertTrue(metadata.header("Content-Type").startsWith("application/xml"), metadata.header("Content-Type"));
    assertEquals(Files.readString(Path.of("metadata", version + ".xml")), metadata.body());
  }

  @Test
  void betaAloneDeclaresItsProperties() throws Exception {
    String beta = Files.readString(Path.of("metadata", "beta.xml"));
    String v1 = Files.readString(Path.of("metadata", "v1.0.xml"));
    for (String betaOnly : new String[] {"roleScopeTagInfo", "userRoleScopeTags", "remoteTenantId", "remoteUserId"}) {
      assertTrue(beta.contains("\"" + betaOnly + "\""), betaOnly);
      assertFalse(v1.contains("\"" + betaOnly + "\""), betaOnly);
    }
  }

  @Test
  void declaresTheContractsTypesAndContainment() throws Exception {
    String beta = Files.readString(Path.of("metadata", "beta.xml"));
    assertTrue(beta.contains("Namespace=\"microsoft.graph\" Alias=\"graph\""));
    assertTrue(beta.contains("<EntityContainer Name=\"GraphService\">"));
    assertTrue(beta.contains("<Singleton Name=\"deviceManagement\" Type=\"microsoft.graph.deviceManagement\""));
    assertTrue(beta.contains("<NavigationProperty Name=\"auditEvents\" Type=\"Collection(microsoft.graph.auditEvent)\" "
        + "ContainsTarget=\"true\""));
    assertTrue(beta.contains("<Property Name=\"activityDateTime\" Type=\"Edm.DateTimeOffset\" Nullable=\"false\""));
    assertTrue(beta.contains("<Property Name=\"correlationId\" Type=\"Edm.Guid\" Nullable=\"false\""));
    assertTrue(beta.contains("<Function Name=\"getAuditCategories\" IsBound=\"true\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void jsonCsdlOnRequestEqualsItsGoldenFile(String version) throws Exception {
    Http.Response metadata = server.http().get("/" + version + "/$metadata?$format=json");

    assertEquals(200, metadata.status(), metadata.body());
    assertTrue(metadata.header("Content-Type").startsWith("application/json"), metadata.header("Content-Type"));
    assertEquals(Files.readString(Path.of("metadata", version + ".json")), metadata.body());
  }

  /**
   * JSON CSDL's defaults are the reverse of XML's: an absent {@code $Nullable} means not nullable, and
   * the document names its entity container (OASIS's own XML-to-JSON converter gives the same document,
   * checked when this was written).
   */
  @Test
  void jsonCsdlSaysWhatTheXmlSays() {
    JsonNode csdl = server.http().get("/beta/$metadata?$format=json").json();
    assertEquals("microsoft.graph.GraphService", csdl.get("$EntityContainer").asText());
    JsonNode schema = csdl.get("microsoft.graph");
    assertEquals("graph", schema.get("$Alias").asText());
    JsonNode auditEvent = schema.get("auditEvent");
    assertEquals("EntityType", auditEvent.get("$Kind").asText());
    assertEquals("microsoft.graph.entity", auditEvent.get("$BaseType").asText());
    assertTrue(auditEvent.get("displayName").get("$Nullable").asBoolean(), "optional in the XML");
    assertTrue(auditEvent.get("actor").get("$Nullable").asBoolean());
    assertFalse(auditEvent.get("activityDateTime").has("$Nullable"), "required in the XML");
    assertFalse(auditEvent.get("correlationId").has("$Nullable"));
    assertFalse(schema.get("entity").get("id").has("$Nullable"));
    assertEquals("Edm.DateTimeOffset", auditEvent.get("activityDateTime").get("$Type").asText());
    assertTrue(auditEvent.get("resources").get("$Collection").asBoolean());
    JsonNode navigation = schema.get("deviceManagement").get("auditEvents");
    assertTrue(navigation.get("$ContainsTarget").asBoolean());
    JsonNode function = schema.get("getAuditActivityTypes").get(0);
    assertTrue(function.get("$IsBound").asBoolean());
    assertEquals("microsoft.graph.auditEvent", function.get("$Parameter").get(0).get("$Type").asText());
    assertEquals("category", function.get("$Parameter").get(1).get("$Name").asText());
    assertEquals("microsoft.graph.deviceManagement", schema.get("GraphService").get("deviceManagement").get("$Type").asText());
  }

  /** odata2ts leaves out the functions when a type is named by the alias ({@code Collection(graph.auditEvent)}). */
  @ParameterizedTest
  @ValueSource(strings = {"v1.0.xml", "beta.xml", "v1.0.json", "beta.json"})
  void everyTypeIsNamedInFullWhileTheAliasStaysDeclared(String file) throws Exception {
    String csdl = Files.readString(Path.of("metadata", file));
    assertFalse(csdl.matches("(?s).*[\"(]graph\\..*"), "an aliased type name in " + file);
    assertTrue(csdl.contains("graph\"") , "the alias is declared");
  }

  /** Create without an id is allowed (the server makes one), so OpenAPI converters must not require it. */
  @Test
  void theKeyIsAComputedDefault() {
    JsonNode id = server.http().get("/beta/$metadata?$format=json").json().get("microsoft.graph").get("entity").get("id");
    assertTrue(id.get("@Org.OData.Core.V1.ComputedDefaultValue").asBoolean());
    assertTrue(server.http().get("/v1.0/$metadata").body().contains(
        "<Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\">\n"
        + "          <Annotation Term=\"Org.OData.Core.V1.ComputedDefaultValue\" Bool=\"true\"/>"));
  }

  /** The capability annotations say what the service does: it refuses a PATCH and an $expand of the singleton. */
  @Test
  void theSingletonsRestrictionsAreDeclaredAndHeld() {
    JsonNode container = server.http().get("/beta/$metadata?$format=json").json().get("microsoft.graph").get("GraphService");
    JsonNode singleton = container.get("deviceManagement");
    assertFalse(singleton.get("@Org.OData.Capabilities.V1.UpdateRestrictions").get("Updatable").asBoolean());
    assertFalse(singleton.get("@Org.OData.Capabilities.V1.ExpandRestrictions").get("Expandable").asBoolean());
    assertTrue(container.get("@Org.OData.Capabilities.V1.KeyAsSegmentSupported").asBoolean());

    assertEquals(405, server.http().patch("/beta/deviceManagement", "{}").status());
    Http.Response expand = server.http().get("/beta/deviceManagement?$expand=auditEvents");
    assertEquals(400, expand.status(), expand.body());
    assertEquals("BadRequest", expand.json().get("error").get("code").asText());
    assertEquals(200, server.http().get("/beta/deviceManagement").status());
  }

  @Test
  void metadataSegmentIsCaseInsensitive() {
    assertEquals(200, server.http().get("/beta/$METADATA").status());
  }
}
