package graphaudit.internal.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.TestServer;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The descriptions served beside {@code $metadata}: the entity-set CSDL at
 * {@code /{root}/deviceManagement/$metadata} and the OpenAPI description at {@code /{root}/$openapi}
 * equal their reviewed copies in {@code metadata/}, the OpenAPI one is valid by swagger-parser, and the
 * paths the entity-set CSDL implies are answered.
 */
class ServedDescriptionsTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void entitySetCsdlEqualsItsGoldenFiles(String version) throws Exception {
    Http.Response xml = server.http().get("/" + version + "/deviceManagement/$metadata");
    assertEquals(200, xml.status(), xml.body());
    assertTrue(xml.header("Content-Type").startsWith("application/xml"));
    assertEquals(Files.readString(Path.of("metadata", version + ".entity-sets.xml")), xml.body());

    Http.Response json = server.http().get("/" + version + "/deviceManagement/$metadata?$format=json");
    assertEquals(Files.readString(Path.of("metadata", version + ".entity-sets.json")), json.body());
    assertEquals(json.body(), server.http().get("/" + version + "/deviceManagement/$metadata",
        "Accept", "application/json").body());
    JsonNode set = json.json().get("microsoft.graph").get("GraphService").get("auditEvents");
    assertEquals("microsoft.graph.auditEvent", set.get("$Type").asText());
    assertTrue(set.get("$Collection").asBoolean());
  }

  /**
   * The service root such a client uses is /{root}/deviceManagement: everything under it must work, the
   * functions too, which that document declares as function imports of the root (SAP Cloud SDK's
   * generator binds operations to single entities only, so it skips collection-bound ones).
   */
  @Test
  void pathsImpliedByTheEntitySetCsdlAreAnswered() {
    String root = "/beta/deviceManagement";
    Http.Response created = server.http().post(root + "/auditEvents", Events.minimal("Implied")
        .replace("\"category\"", "\"activityType\":\"Wipe\",\"category\""));
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();

    assertEquals(200, server.http().get(root + "/auditEvents('" + id + "')").status());
    assertEquals(200, server.http().get(root + "/auditEvents(id='" + id + "')").status());
    assertEquals("Implied", server.http().get(root + "/getAuditCategories()").json().get("value").get(0).asText());
    assertEquals("Wipe", server.http().get(root + "/getAuditActivityTypes(category='Implied')")
        .json().get("value").get(0).asText());
    assertEquals(200, server.http().patch(root + "/auditEvents('" + id + "')", "{\"displayName\":\"x\"}").status());
    assertEquals(204, server.http().delete(root + "/auditEvents('" + id + "')").status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void openApiEqualsItsGoldenFileWithTheServerAsReached(String version) throws Exception {
    Http.Response served = server.http().get("/" + version + "/$openapi");
    assertEquals(200, served.status(), served.body());
    assertTrue(served.header("Content-Type").startsWith("application/json"));
    String golden = Files.readString(Path.of("metadata", version + ".openapi.json"));
    assertEquals(golden.replace("http://127.0.0.1:8080/", server.origin() + "/"), served.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0", "beta"})
  void openApiIsValidAndShapedForGenerators(String version) {
    SwaggerParseResult parsed = new OpenAPIParser().readContents(
        server.http().get("/" + version + "/$openapi").body(), null, null);
    assertEquals(List.of(), parsed.getMessages());
    OpenAPI api = parsed.getOpenAPI();

    List<String> operationIds = new ArrayList<>();
    api.getPaths().values().forEach(path -> path.readOperations().stream().map(Operation::getOperationId)
        .forEach(operationIds::add));
    assertTrue(operationIds.containsAll(List.of("deviceManagement.ListAuditEvents",
        "deviceManagement.CreateAuditEvents", "deviceManagement.GetAuditEvents", "deviceManagement.UpdateAuditEvents",
        "deviceManagement.DeleteAuditEvents", "deviceManagement.auditEvents.getAuditCategories",
        "deviceManagement.auditEvents.getAuditActivityTypes")), operationIds.toString());
    Operation list = api.getPaths().get("/deviceManagement/auditEvents").getGet();
    assertEquals("@odata.nextLink", ((java.util.Map<?, ?>) list.getExtensions().get("x-ms-pageable")).get("nextLinkName"));
    assertEquals("#/components/responses/error", list.getResponses().get("4XX").get$ref());

    Schema<?> event = api.getComponents().getSchemas().get("microsoft.graph.auditEvent");
    assertTrue(event.getRequired() == null || event.getRequired().isEmpty(), "nothing forced on create");
    Schema<?> resources = (Schema<?>) event.getProperties().get("resources");
    assertTrue(resources.getNullable(), "left out of a PATCH that never set it");
    assertEquals(null, resources.getDefault());
    assertFalse(((Schema<?>) event.getProperties().get("activityDateTime")).getNullable() == Boolean.TRUE);
    assertEquals(version.equals("beta"), ((Schema<?>) api.getComponents().getSchemas().get("microsoft.graph.auditActor")
        .getProperties().get("userRoleScopeTags")) != null);
  }

  @Test
  void descriptionsNeedATokenAndAGet() {
    assertEquals(401, server.http().withoutToken().get("/beta/$openapi").status());
    Http.Response post = server.http().post("/beta/$openapi", "{}");
    assertEquals(405, post.status());
    assertEquals("MethodNotAllowed", post.json().get("error").get("code").asText());
  }
}
