package graphaudit.internal.odata;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.AuditEvent;
import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.SchemaFingerprint;
import graphaudit.internal.audit.StoredJson;
import graphaudit.internal.audit.StructuredType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

  /** A character outside the BMP is written as its four UTF-8 bytes, as text is, not as two escapes. */
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  private final ApiVersion version;
  /** The entity type written: the service's schema, or a test's. */
  private final StructuredType root;

  AuditEventJsonWriter(ApiVersion version) {
    this(version, AuditSchema.AUDIT_EVENT);
  }

  AuditEventJsonWriter(ApiVersion version, StructuredType root) {
    this.version = version;
    this.root = root;
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
   * The JSON cache to store with {@code event}: its object in the beta root's full shape, where the
   * beta-only members sit so the v1.0 form can be cut from it, and the schema it was rendered under.
   */
  public static EventJson stored(AuditEvent event) {
    return stored(AuditSchema.AUDIT_EVENT, event);
  }

  /** {@link #stored(AuditEvent)} under the schema whose entity type is {@code root}. */
  static EventJson stored(StructuredType root, AuditEvent event) {
    Utf8Buffer out = new Utf8Buffer();
    BetaOnlySpans spans = new BetaOnlySpans(out);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      new AuditEventJsonWriter(ApiVersion.BETA, root).writeEventBody(g, event, Shape.FULL, spans);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EventJson(out.toByteArray(), spans.toArray(), SchemaFingerprint.of(root));
  }

  /** The bytes written so far, readable in place (unsynchronised use only; one per rendering). */
  private static final class Utf8Buffer extends ByteArrayOutputStream {
    Utf8Buffer() {
      super(2048);
    }

    byte at(int position) {
      return buf[position];
    }
  }

  /**
   * Tracks the bytes written for beta-only properties, each with its leading comma (the stored shape
   * starts every object with {@code @odata.type}, so no member leads its object); adjacent ones merge.
   */
  private static final class BetaOnlySpans {
    private final Utf8Buffer out;
    private final List<Integer> bounds = new ArrayList<>();

    BetaOnlySpans(Utf8Buffer out) {
      this.out = out;
    }

    int position(JsonGenerator g) throws IOException {
      g.flush();
      return out.size();
    }

    void add(int start, int end) {
      if (out.at(start) != ',') {
        throw new IllegalStateException("a beta-only member leads its object: written without @odata.type?");
      }
      if (!bounds.isEmpty() && bounds.get(bounds.size() - 1) == start) {
        bounds.set(bounds.size() - 1, end);
      } else {
        bounds.add(start);
        bounds.add(end);
      }
    }

    int[] toArray() {
      return bounds.stream().mapToInt(Integer::intValue).toArray();
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
   * One event as a JSON object: its stored bytes when the shape is the stored one and it was rendered
   * under this schema (a byte copy; this is what makes a page cheap), otherwise written from its
   * properties.
   */
  byte[] object(AuditEvent event, Shape shape) {
    EventJson stored = shape.equals(Shape.FULL) ? StoredJson.of(event) : null;
    if (stored != null && stored.schema().equals(SchemaFingerprint.of(root))) {
      return stored.utf8In(version);
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
  private void writeEventBody(JsonGenerator g, AuditEvent event, Shape shape, BetaOnlySpans span)
      throws IOException {
    if (shape.annotations()) {
      g.writeStringField("@odata.type", "#" + root.qualifiedName());
    }
    for (Property p : root.propertiesIn(version)) {
      if (shape.shows(p)) {
        writeMember(g, p, event.get(p.name()), shape.annotations(), span);
      }
    }
  }

  private void writeMember(JsonGenerator g, Property p, Object value, boolean annotations, BetaOnlySpans span)
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
  private void writeValue(JsonGenerator g, Property p, Object value, boolean annotations, BetaOnlySpans span)
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
      BetaOnlySpans span) throws IOException {
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
