package graphaudit.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import graphaudit.audit.ApiVersion;
import graphaudit.audit.AuditEvent;
import graphaudit.audit.AuditSchema;
import graphaudit.audit.EventJson;
import graphaudit.audit.Property;
import graphaudit.audit.StructuredType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes auditEvents in the shape of Microsoft's Create auditEvent page: {@code @odata.type} with '#'
 * on the entity and without on each complex value, then every property of the root's schema in
 * declaration order, null where unset. With {@code annotations} off ({@code odata.metadata=none})
 * no {@code @odata.*} is written. Thread-safe.
 */
public final class AuditEventJsonWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private final ApiVersion version;

  AuditEventJsonWriter(ApiVersion version) {
    this.version = version;
  }

  /** What one response shows: the selected top-level properties (null: all) and annotations. */
  record Shape(Set<String> selected, boolean annotations) {
    /** Every property, annotated: the shape events are stored in ({@link EventJson}). */
    static final Shape FULL = new Shape(null, true);

    boolean shows(Property p) {
      return selected == null || selected.contains(p.name());
    }
  }

  /**
   * The JSON to store with {@code event}: its object in the beta root's full shape, and where the
   * beta-only members sit so the v1.0 form can be cut from it.
   */
  public static EventJson stored(AuditEvent event) {
    StringWriter out = new StringWriter(2048);
    BetaOnlySpan span = new BetaOnlySpan(out);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      new AuditEventJsonWriter(ApiVersion.BETA).writeEventBody(g, event, Shape.FULL, span);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EventJson(out.toString(), span.from, span.to);
  }

  /** Tracks the text written for beta-only properties; they must be adjacent and not lead their object. */
  private static final class BetaOnlySpan {
    private final StringWriter out;
    private int from;
    private int to;
    private boolean seen;

    BetaOnlySpan(StringWriter out) {
      this.out = out;
    }

    int position(JsonGenerator g) throws IOException {
      g.flush();
      return out.getBuffer().length();
    }

    void add(int start, int end) {
      if (out.getBuffer().charAt(start) != ',' || (seen && start != to)) {
        throw new IllegalStateException("beta-only properties must follow the others in their type");
      }
      if (!seen) {
        from = start;
        seen = true;
      }
      to = end;
    }
  }

  byte[] entity(AuditEvent event, String contextUrl, Shape shape) {
    if (!shape.annotations()) {
      return object(event, shape);
    }
    ByteArrayBuilder out = new ByteArrayBuilder(2048);
    head(out, g -> {
      g.writeStartObject();
      g.writeStringField("@odata.context", contextUrl);
    });
    byte[] object = object(event, shape);
    out.write(',');
    out.write(object, 1, object.length - 1); // the object's members and its closing brace
    return out.toByteArray();
  }

  /** A page: context, count and nextLink (when not null) before the value array, as Graph orders them. */
  byte[] collection(List<AuditEvent> events, String contextUrl, Long count, String nextLink, Shape shape) {
    ByteArrayBuilder out = new ByteArrayBuilder(512 + 2048 * events.size());
    head(out, g -> {
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
    });
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(object(events.get(i), shape));
    }
    out.write(']');
    out.write('}');
    return out.toByteArray();
  }

  /**
   * One event as a JSON object: its stored text when the shape is the stored one (a byte copy; this is
   * what makes a page cheap), otherwise written from its properties.
   */
  private byte[] object(AuditEvent event, Shape shape) {
    if (shape.equals(Shape.FULL) && event.json() != null) {
      return event.json().in(version).getBytes(StandardCharsets.UTF_8);
    }
    return write(g -> {
      g.writeStartObject();
      writeEventBody(g, event, shape, null);
      g.writeEndObject();
    });
  }

  /** Writes the start of a document that raw bytes then complete (so it is left open). */
  private static void head(ByteArrayBuilder out, JsonBody body) {
    try (JsonGenerator g = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)) {
      body.writeTo(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the event's members; {@code span} (or null) records where beta-only ones are written. */
  private void writeEventBody(JsonGenerator g, AuditEvent event, Shape shape, BetaOnlySpan span)
      throws IOException {
    if (shape.annotations()) {
      g.writeStringField("@odata.type", "#" + AuditSchema.AUDIT_EVENT.qualifiedName());
    }
    for (Property p : AuditSchema.AUDIT_EVENT.propertiesIn(version)) {
      if (shape.shows(p)) {
        writeMember(g, p, event.get(p.name()), shape.annotations(), span);
      }
    }
  }

  private void writeMember(JsonGenerator g, Property p, Object value, boolean annotations, BetaOnlySpan span)
      throws IOException {
    boolean recorded = span != null && !p.existsIn(ApiVersion.V1_0);
    int start = recorded ? span.position(g) : 0;
    g.writeFieldName(p.name());
    writeValue(g, p, value, annotations, recorded ? null : span);
    if (recorded) {
      span.add(start, span.position(g));
    }
  }

  @SuppressWarnings("unchecked")
  private void writeValue(JsonGenerator g, Property p, Object value, boolean annotations, BetaOnlySpan span)
      throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    switch (p.kind()) {
      case COMPLEX -> writeComplex(g, p.complexType(), (Map<String, Object>) value, annotations, span);
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
          writeComplex(g, p.complexType(), element, annotations, span);
        }
        g.writeEndArray();
      }
      default -> g.writeString((String) value);
    }
  }

  private void writeComplex(JsonGenerator g, StructuredType type, Map<String, Object> value, boolean annotations,
      BetaOnlySpan span) throws IOException {
    g.writeStartObject();
    if (annotations) {
      g.writeStringField("@odata.type", type.qualifiedName());
    }
    for (Property p : type.propertiesIn(version)) {
      writeMember(g, p, value.get(p.name()), annotations, span);
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
