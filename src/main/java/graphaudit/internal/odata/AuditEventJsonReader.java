package graphaudit.internal.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.InvalidInputException;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.StructuredType;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads an auditEvent request body against one service root's schema: every property known and of
 * the right type, {@code @odata.type} with or without '#', other instance annotations ignored.
 * Returns only the properties present. Hostile shapes are a 400: nesting deeper than
 * {@value #MAX_DEPTH}, strings over {@value #MAX_STRING_CHARS} characters, names over
 * {@value #MAX_NAME_CHARS}, collections over {@value #MAX_COLLECTION_SIZE} elements. Thread-safe.
 */
final class AuditEventJsonReader {

  static final int MAX_DEPTH = 16;
  static final int MAX_STRING_CHARS = 64 * 1024;
  static final int MAX_NAME_CHARS = 1024;
  static final int MAX_COLLECTION_SIZE = 1000;
  /** Bounds the tree built from one body (the body-size limit bounds the bytes, not the nodes). */
  private static final long MAX_TOKENS = 100_000;

  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
              .maxStringLength(MAX_STRING_CHARS).maxNameLength(MAX_NAME_CHARS).maxTokenCount(MAX_TOKENS).build())
          .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  /** OData's dateTimeOffsetValue within .NET's DateTimeOffset range (years 0001-9999, as Graph): seconds and fraction optional, offset required. */
  private static final Pattern DATE_TIME_OFFSET = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern GUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final ApiVersion version;
  /** The entity type read: the service's schema, or a test's. */
  private final StructuredType root;

  AuditEventJsonReader(ApiVersion version) {
    this(version, AuditSchema.AUDIT_EVENT);
  }

  AuditEventJsonReader(ApiVersion version, StructuredType root) {
    this.version = version;
    this.root = root;
  }

  /** An event object already parsed (one element of an imported file), checked as a request body is. */
  Map<String, Object> read(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("not a JSON object representing a " + root.qualifiedName());
    }
    return structured(root, node);
  }

  Map<String, Object> read(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidInputException("The request body could not be read.");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("The request body must be a JSON object representing a "
          + this.root.qualifiedName() + ".");
    }
    return structured(this.root, root);
  }

  private Map<String, Object> structured(StructuredType type, JsonNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (name.equals("@odata.type")) {
        requireType(type, field.getValue());
      } else if (!isAnnotation(name)) {
        Property property = type.property(name, version).orElseThrow(() -> new InvalidInputException(
            "Could not find a property named '" + name + "' on type '" + type.qualifiedName() + "'."));
        out.put(name, value(type, property, field.getValue()));
      }
    }
    return out;
  }

  /** {@code @odata.id}, {@code prop@odata.type} and other instance or property annotations. */
  private static boolean isAnnotation(String name) {
    return name.indexOf('@') >= 0;
  }

  private static void requireType(StructuredType type, JsonNode value) {
    if (!value.isTextual() || !type.isNamedBy(value.textValue())) {
      throw new InvalidInputException("The type '" + value.asText() + "' given in @odata.type is not "
          + "compatible with the expected type '" + type.qualifiedName() + "'.");
    }
  }

  private Object value(StructuredType owner, Property property, JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    return switch (property.kind()) {
      case STRING -> string(owner, property, node);
      case GUID -> guid(owner, property, node);
      case DATE_TIME_OFFSET -> dateTimeOffset(owner, property, node);
      case COMPLEX -> complex(property, node);
      case STRING_COLLECTION -> collection(owner, property, node, element -> string(owner, property, element));
      case COMPLEX_COLLECTION -> collection(owner, property, node, element -> complex(property, element));
    };
  }

  private static String string(StructuredType owner, Property property, JsonNode node) {
    if (!node.isTextual()) {
      throw typeMismatch(owner, property, node, "Edm.String");
    }
    if (node.textValue().indexOf('\u0000') >= 0) {
      // PostgreSQL's text cannot hold it: refused on every store, so both behave alike
      throw new InvalidInputException("Property '" + property.name() + "' of type '" + owner.qualifiedName()
          + "' must not contain the NUL character (U+0000).");
    }
    return node.textValue();
  }

  private static String guid(StructuredType owner, Property property, JsonNode node) {
    if (!node.isTextual() || !GUID.matcher(node.textValue()).matches()) {
      throw typeMismatch(owner, property, node, "Edm.Guid");
    }
    return UUID.fromString(node.textValue()).toString().toLowerCase(Locale.ROOT);
  }

  private static String dateTimeOffset(StructuredType owner, Property property, JsonNode node) {
    if (!node.isTextual() || !DATE_TIME_OFFSET.matcher(node.textValue()).matches()) {
      throw typeMismatch(owner, property, node, "Edm.DateTimeOffset");
    }
    try {
      OffsetDateTime.parse(node.textValue());
    } catch (DateTimeParseException e) {
      throw typeMismatch(owner, property, node, "Edm.DateTimeOffset");
    }
    return node.textValue();
  }

  private Map<String, Object> complex(Property property, JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidInputException("Property '" + property.name() + "' must be a JSON object of type '"
          + property.complexType().qualifiedName() + "'.");
    }
    return structured(property.complexType(), node);
  }

  private static List<Object> collection(StructuredType owner, Property property, JsonNode node,
      java.util.function.Function<JsonNode, Object> element) {
    if (!node.isArray()) {
      throw new InvalidInputException("Property '" + property.name() + "' of type '" + owner.qualifiedName()
          + "' must be a JSON array.");
    }
    if (node.size() > MAX_COLLECTION_SIZE) {
      throw new InvalidInputException("Property '" + property.name() + "' of type '" + owner.qualifiedName()
          + "' has more than " + MAX_COLLECTION_SIZE + " elements.");
    }
    List<Object> out = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (item.isNull()) {
        throw new InvalidInputException("Property '" + property.name() + "' of type '" + owner.qualifiedName()
            + "' cannot contain null elements.");
      }
      out.add(element.apply(item));
    }
    return out;
  }

  private static InvalidInputException typeMismatch(StructuredType owner, Property property, JsonNode node,
      String edmType) {
    String shown = node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
    if (shown.length() > 100) {
      shown = shown.substring(0, 100) + "...";
    }
    return new InvalidInputException("Cannot convert the value " + shown + " of property '" + property.name()
        + "' on type '" + owner.qualifiedName() + "' to the expected type '" + edmType + "'.");
  }
}
