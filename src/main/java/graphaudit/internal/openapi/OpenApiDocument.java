package graphaudit.internal.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.audit.AuditSchema;

/**
 * The OpenAPI 3.0 description of a root's auditEvents API (served at {@code /{root}/$openapi}), for
 * OpenAPI generators: the paths this service answers, with the operationIds, {@code x-ms-pageable} and
 * {@code ODataError} responses of Microsoft's own description, and schemas from {@link OpenApiSchemas}.
 * Stateless.
 */
public final class OpenApiDocument {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String EVENTS = "/deviceManagement/auditEvents";
  private static final String EVENT = AuditSchema.AUDIT_EVENT.qualifiedName();
  private static final String TAG = "deviceManagement.auditEvent";

  private OpenApiDocument() {
  }

  /** @param serverUrl the root's absolute URL, e.g. {@code http://127.0.0.1:8080/beta} */
  public static byte[] of(ApiVersion version, String serverUrl) {
    ObjectNode document = NODES.objectNode().put("openapi", "3.0.3");
    document.putObject("info").put("title", "graph-audit: Microsoft Graph auditEvents (" + version.segment() + ")")
        .put("version", version.segment())
        .put("description", "Intune audit events as served by graph-audit, a local stand-in for Microsoft Graph.");
    document.putArray("servers").addObject().put("url", serverUrl);
    document.putArray("security").addObject().putArray("bearer");
    ObjectNode paths = document.putObject("paths");
    collection(paths.putObject(EVENTS));
    entity(paths.putObject(EVENTS + "/{auditEvent-id}"));
    count(paths.putObject(EVENTS + "/$count"));
    function(paths.putObject(EVENTS + "/getAuditCategories()"), "getAuditCategories");
    function(paths.putObject(EVENTS + "/getAuditActivityTypes(category='{category}')"), "getAuditActivityTypes")
        .putArray("parameters").addObject().put("name", "category").put("in", "path").put("required", true)
        .put("description", "Usage: category='{category}'").putObject("schema").put("type", "string");
    components(document.putObject("components"), version);
    try {
      return JSON.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the OpenAPI document cannot be written", e);
    }
  }

  private static void collection(ObjectNode path) {
    ObjectNode list = operation(path.putObject("get"), "deviceManagement.ListAuditEvents", "Get auditEvents");
    parameters(list, "top", "skip", "search", "filter", "count", "orderby", "select");
    success(list, "200", "#/components/responses/" + OpenApiSchemas.COLLECTION_RESPONSE);
    list.putObject("x-ms-pageable").put("nextLinkName", "@odata.nextLink").put("operationName", "listMore");
    ObjectNode create = operation(path.putObject("post"), "deviceManagement.CreateAuditEvents",
        "Create new navigation property to auditEvents for deviceManagement");
    body(create);
    created(create, "201");
  }

  private static void entity(ObjectNode path) {
    path.putArray("parameters").addObject().put("name", "auditEvent-id").put("in", "path").put("required", true)
        .put("description", "The unique identifier of auditEvent").put("x-ms-docs-key-type", "auditEvent")
        .putObject("schema").put("type", "string");
    ObjectNode get = operation(path.putObject("get"), "deviceManagement.GetAuditEvents", "Get auditEvents");
    parameters(get, "select");
    created(get, "200");
    ObjectNode update = operation(path.putObject("patch"), "deviceManagement.UpdateAuditEvents",
        "Update the navigation property auditEvents in deviceManagement");
    body(update);
    created(update, "200");
    ObjectNode delete = operation(path.putObject("delete"), "deviceManagement.DeleteAuditEvents",
        "Delete navigation property auditEvents for deviceManagement");
    responses(delete).putObject("204").put("description", "Success");
  }

  private static void count(ObjectNode path) {
    ObjectNode get = operation(path.putObject("get"), "deviceManagement.auditEvents.GetCount",
        "Get the number of the resource");
    parameters(get, "search", "filter");
    responses(get).putObject("200").put("description", "The count of the resource")
        .putObject("content").putObject("text/plain").putObject("schema").put("type", "integer").put("format", "int32");
  }

  private static ObjectNode function(ObjectNode path, String name) {
    ObjectNode get = operation(path.putObject("get"), "deviceManagement.auditEvents." + name, "Invoke function " + name);
    get.put("x-ms-docs-operation-type", "function");
    success(get, "200", "#/components/responses/" + OpenApiSchemas.STRING_COLLECTION_RESPONSE);
    return path;
  }

  /** The operation with its tag and the Graph error responses every operation shares. */
  private static ObjectNode operation(ObjectNode operation, String operationId, String summary) {
    operation.putArray("tags").add(TAG);
    operation.put("summary", summary).put("operationId", operationId);
    ObjectNode responses = operation.putObject("responses");
    responses.putObject("4XX").put("$ref", "#/components/responses/error");
    responses.putObject("5XX").put("$ref", "#/components/responses/error");
    return operation;
  }

  private static ObjectNode responses(ObjectNode operation) {
    return (ObjectNode) operation.get("responses");
  }

  private static void parameters(ObjectNode operation, String... names) {
    ArrayNode parameters = operation.putArray("parameters");
    for (String name : names) {
      parameters.addObject().put("$ref", "#/components/parameters/" + name);
    }
  }

  private static void body(ObjectNode operation) {
    operation.putObject("requestBody").put("description", "New property values").put("required", true)
        .putObject("content").putObject("application/json").putObject("schema").put("$ref", OpenApiSchemas.PREFIX + EVENT);
  }

  private static void created(ObjectNode operation, String status) {
    responses(operation).putObject(status).put("description", "Retrieved entity")
        .putObject("content").putObject("application/json").putObject("schema").put("$ref", OpenApiSchemas.PREFIX + EVENT);
  }

  private static void success(ObjectNode operation, String status, String ref) {
    responses(operation).putObject(status).put("$ref", ref);
  }

  private static void components(ObjectNode components, ApiVersion version) {
    components.set("schemas", OpenApiSchemas.of(version));
    ObjectNode responses = components.putObject("responses");
    responses.putObject("error").put("description", "error").putObject("content").putObject("application/json")
        .putObject("schema").put("$ref", OpenApiSchemas.PREFIX + OpenApiSchemas.ODATA_ERROR);
    for (String name : new String[] {OpenApiSchemas.COLLECTION_RESPONSE, OpenApiSchemas.STRING_COLLECTION_RESPONSE}) {
      responses.putObject(name).put("description", "Retrieved collection").putObject("content")
          .putObject("application/json").putObject("schema").put("$ref", OpenApiSchemas.PREFIX + name);
    }
    QueryParameters.addTo(components.putObject("parameters"));
    components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer")
        .put("bearerFormat", "JWT");
  }
}
