package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The served {@code $metadata} equals the reviewed CSDL in {@code metadata/<root>.xml}, so every model
 * change shows as a diff there. Regenerate with {@code java -jar target/graph-audit.jar metadata ROOT}.
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
    assertTrue(beta.contains("<Singleton Name=\"deviceManagement\" Type=\"graph.deviceManagement\""));
    assertTrue(beta.contains("<NavigationProperty Name=\"auditEvents\" Type=\"Collection(graph.auditEvent)\" "
        + "ContainsTarget=\"true\""));
    assertTrue(beta.contains("<Property Name=\"activityDateTime\" Type=\"Edm.DateTimeOffset\" Nullable=\"false\""));
    assertTrue(beta.contains("<Property Name=\"correlationId\" Type=\"Edm.Guid\" Nullable=\"false\""));
    assertTrue(beta.contains("<Function Name=\"getAuditCategories\" IsBound=\"true\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void jsonCsdlOnRequest(String version) {
    Http.Response metadata = server.http().get("/" + version + "/$metadata?$format=json");

    assertEquals(200, metadata.status(), metadata.body());
    JsonNode auditEvent = metadata.json().get("microsoft.graph").get("auditEvent");
    assertEquals("EntityType", auditEvent.get("$Kind").asText());
    assertEquals("Edm.DateTimeOffset", auditEvent.get("activityDateTime").get("$Type").asText());
  }

  @Test
  void metadataSegmentIsCaseInsensitive() {
    assertEquals(200, server.http().get("/beta/$METADATA").status());
  }
}
