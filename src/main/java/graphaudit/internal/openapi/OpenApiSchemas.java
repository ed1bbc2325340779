package graphaudit.internal.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.StructuredType;

/**
 * The {@code components/schemas} of a root, derived from {@link AuditSchema}: one schema per type, named
 * {@code microsoft.graph.<type>} as Microsoft's OpenAPI names them. Nothing is {@code required} and every
 * nullable property, collections included, is {@code nullable}, so a generated client neither has to
 * send an {@code id} on create nor sends empty collections ({@code "resources": []}) in a PATCH that
 * never set them. auditEvent is flat (its {@code id} inline, not an {@code allOf} of entity): the same
 * wire shape, and simpler models in every generator. Stateless.
 */
final class OpenApiSchemas {

  static final String PREFIX = "#/components/schemas/";
  static final String COLLECTION_RESPONSE = "microsoft.graph.auditEventCollectionResponse";
  static final String STRING_COLLECTION_RESPONSE = "StringCollectionResponse";
  static final String ODATA_ERROR = "microsoft.graph.ODataErrors.ODataError";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenApiSchemas() {
  }

  static ObjectNode of(ApiVersion version) {
    ObjectNode schemas = NODES.objectNode();
    addType(schemas, AuditSchema.AUDIT_EVENT, version);
    ObjectNode page = schemas.putObject(COLLECTION_RESPONSE).put("title", "Collection of auditEvent").put("type", "object");
    ObjectNode pageProperties = page.putObject("properties");
    pageProperties.putObject("@odata.count").put("type", "integer").put("format", "int64").put("nullable", true);
    pageProperties.putObject("@odata.nextLink").put("type", "string").put("nullable", true);
    pageProperties.putObject("value").put("type", "array").putObject("items")
        .put("$ref", PREFIX + AuditSchema.AUDIT_EVENT.qualifiedName());
    ObjectNode strings = schemas.putObject(STRING_COLLECTION_RESPONSE).put("title", "Collection of string")
        .put("type", "object");
    strings.putObject("properties").putObject("value").put("type", "array").putObject("items").put("type", "string");
    addErrors(schemas);
    return schemas;
  }

  /** The type and, depth first, every complex type it uses in this root. */
  private static void addType(ObjectNode schemas, StructuredType type, ApiVersion version) {
    ObjectNode schema = schemas.putObject(type.qualifiedName()).put("title", type.name()).put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    for (Property p : type.propertiesIn(version)) {
      ObjectNode property = properties.putObject(p.name());
      if (p.kind().isCollection()) {
        items(property.put("type", "array").putObject("items"), p);
      } else {
        items(property, p);
      }
      if (p.nullable()) {
        property.put("nullable", true);
      }
      if (p.complexType() != null && !schemas.has(p.complexType().qualifiedName())) {
        addType(schemas, p.complexType(), version);
      }
    }
  }

  /** The schema of one value of the property (of each item, for a collection). */
  private static void items(ObjectNode out, Property p) {
    switch (p.kind()) {
      case COMPLEX, COMPLEX_COLLECTION -> out.put("$ref", PREFIX + p.complexType().qualifiedName());
      case DATE_TIME_OFFSET -> out.put("type", "string").put("format", "date-time");
      case GUID -> out.put("type", "string").put("format", "uuid");
      case STRING, STRING_COLLECTION -> out.put("type", "string");
    }
  }

  /** Graph's error body; {@code date} is a plain string, since Graph's has no zone ({@code 2026-11-21T20:01:02}). */
  private static void addErrors(ObjectNode schemas) {
    ObjectNode error = schemas.putObject(ODATA_ERROR).put("type", "object");
    error.putArray("required").add("error");
    error.putObject("properties").putObject("error").put("$ref", PREFIX + "microsoft.graph.ODataErrors.MainError");
    ObjectNode main = schemas.putObject("microsoft.graph.ODataErrors.MainError").put("type", "object");
    main.putArray("required").add("code").add("message");
    ObjectNode mainProperties = main.putObject("properties");
    mainProperties.putObject("code").put("type", "string");
    mainProperties.putObject("message").put("type", "string");
    mainProperties.putObject("innerError").put("$ref", PREFIX + "microsoft.graph.ODataErrors.InnerError");
    ObjectNode inner = schemas.putObject("microsoft.graph.ODataErrors.InnerError").put("type", "object")
        .putObject("properties");
    for (String name : new String[] {"date", "request-id", "client-request-id"}) {
      inner.putObject(name).put("type", "string").put("nullable", true);
    }
  }
}
