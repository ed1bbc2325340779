package graphaudit.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import graphaudit.audit.ApiVersion;
import graphaudit.audit.AuditEvent;
import graphaudit.audit.AuditSchema;
import graphaudit.audit.Property;
import graphaudit.audit.StructuredType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes auditEvents in the shape of Microsoft's Create auditEvent page: {@code @odata.type} with '#'
 * on the entity and without on each complex value, then every property of the root's schema in
 * declaration order, null where unset. With {@code annotations} off ({@code odata.metadata=none})
 * no {@code @odata.*} is written. Thread-safe.
 */
final class AuditEventJsonWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private final ApiVersion version;

  AuditEventJsonWriter(ApiVersion version) {
    this.version = version;
  }

  /** What one response shows: the selected top-level properties (null: all) and annotations. */
  record Shape(Set<String> selected, boolean annotations) {
    boolean shows(Property p) {
      return selected == null || selected.contains(p.name());
    }
  }

  byte[] entity(AuditEvent event, String contextUrl, Shape shape) {
    return write(g -> {
      g.writeStartObject();
      if (shape.annotations()) {
        g.writeStringField("@odata.context", contextUrl);
      }
      writeEventBody(g, event, shape);
      g.writeEndObject();
    });
  }

  /** A page: context, count and nextLink (when not null) before the value array, as Graph orders them. */
  byte[] collection(List<AuditEvent> events, String contextUrl, Long count, String nextLink, Shape shape) {
    return write(g -> {
      g.writeStartObject();
      if (shape.annotations()) {
        g.writeStringField("@odata.context", contextUrl);
      }
      if (count != null) {
        g.writeNumberField("@odata.count", count);
      }
      if (nextLink != null) {
        g.writeStringField("@odata.nextLink", nextLink);
      }
      g.writeArrayFieldStart("value");
      for (AuditEvent event : events) {
        g.writeStartObject();
        writeEventBody(g, event, shape);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private void writeEventBody(JsonGenerator g, AuditEvent event, Shape shape) throws IOException {
    if (shape.annotations()) {
      g.writeStringField("@odata.type", "#" + AuditSchema.AUDIT_EVENT.qualifiedName());
    }
    for (Property p : AuditSchema.AUDIT_EVENT.propertiesIn(version)) {
      if (shape.shows(p)) {
        g.writeFieldName(p.name());
        writeValue(g, p, event.get(p.name()), shape.annotations());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void writeValue(JsonGenerator g, Property p, Object value, boolean annotations) throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    switch (p.kind()) {
      case COMPLEX -> writeComplex(g, p.complexType(), (Map<String, Object>) value, annotations);
      case STRING_COLLECTION -> {
        g.writeStartArray();
        for (String s : (List<String>) value) {
          g.writeString(s);
        }
        g.writeEndArray();
      }
      case COMPLEX_COLLECTION -> {
        g.writeStartArray();
        for (Map<String, Object> element : (List<Map<String, Object>>) value) {
          writeComplex(g, p.complexType(), element, annotations);
        }
        g.writeEndArray();
      }
      default -> g.writeString((String) value);
    }
  }

  private void writeComplex(JsonGenerator g, StructuredType type, Map<String, Object> value, boolean annotations)
      throws IOException {
    g.writeStartObject();
    if (annotations) {
      g.writeStringField("@odata.type", type.qualifiedName());
    }
    for (Property p : type.propertiesIn(version)) {
      g.writeFieldName(p.name());
      writeValue(g, p, value.get(p.name()), annotations);
    }
    g.writeEndObject();
  }

  /** Writes one JSON document to a byte array. */
  static byte[] write(JsonBody body) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(2048); JsonGenerator g = JSON.createGenerator(out)) {
      body.writeTo(g);
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  interface JsonBody {
    void writeTo(JsonGenerator g) throws IOException;
  }
}
