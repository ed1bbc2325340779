package graphaudit.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphaudit.AuditEvent;
import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.SchemaFingerprint;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The mapping between an {@link AuditEvent} and the columns of {@code audit_event}, derived from
 * {@link AuditSchema}: scalars are columns, the actor's scalars are {@code actor_*} columns,
 * collections are JSON text. Thread-safe.
 */
final class EventRow {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every data column in schema order (without seq and tenant_id). */
  static final List<String> COLUMNS = columns();

  /**
   * The stored response JSON ({@link EventJson}), after the data columns in every statement; then the
   * text a row stored before schema V5 may still hold instead of the bytes, which any write clears.
   */
  static final List<String> JSON_COLUMNS = List.of("json_utf8", "json_v1_cuts", "json_schema", "json_body");

  /** {@link #COLUMNS} then {@link #JSON_COLUMNS}: what a read selects and a write binds. */
  static final List<String> ALL_COLUMNS = Stream.concat(COLUMNS.stream(), JSON_COLUMNS.stream())
      .toList();

  /** The position of {@code id} in {@link #ALL_COLUMNS}. */
  static final int ID_INDEX = ALL_COLUMNS.indexOf("id");

  private EventRow() {
  }

  private static List<String> columns() {
    List<String> out = new ArrayList<>();
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      switch (p.kind()) {
        case COMPLEX -> {
          out.add(ColumnNames.of(p.name()) + "_present");
          p.complexType().properties().forEach(sub -> out.add(ColumnNames.of(p.name(), sub.name())));
        }
        case DATE_TIME_OFFSET -> {
          out.add(ColumnNames.of(p.name()));
          out.add(ColumnNames.of(p.name()) + "_text");
        }
        default -> out.add(ColumnNames.of(p.name()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The values of {@link #ALL_COLUMNS}, in order, for positional binding on the write path. Filled in
   * place: a map of column names per event was a tenth of an import's reading thread (JFR).
   */
  static Object[] values(AuditEvent event, EventJson json) {
    Object[] out = new Object[ALL_COLUMNS.size()];
    int i = 0;
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      Object value = event.get(p.name());
      switch (p.kind()) {
        case COMPLEX -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> complex = (Map<String, Object>) value;
          out[i++] = complex != null;
          for (Property sub : p.complexType().properties()) {
            Object subValue = complex == null ? null : complex.get(sub.name());
            out[i++] = sub.kind().isCollection() ? json(subValue) : subValue;
          }
        }
        case DATE_TIME_OFFSET -> {
          out[i++] = value == null ? null : OffsetDateTime.parse((String) value);
          out[i++] = value;
        }
        case GUID -> out[i++] = value == null ? null : UUID.fromString((String) value);
        case STRING_COLLECTION, COMPLEX_COLLECTION -> out[i++] = json(value);
        default -> out[i++] = value;
      }
    }
    out[i++] = json.utf8();
    out[i++] = json.spansText();
    out[i] = json.schema(); // and json_body stays null: a write clears the text of a row stored before V5
    return out;
  }

  /**
   * Rebuilds the event from a row selected with {@link #ALL_COLUMNS}, reading them by position in
   * the order {@link #columns()} lists them (by name cost a tenth of a page request); the properties
   * are put together only if used ({@link RowProperties}). Stored JSON rendered under another
   * schema than the running one is left out: the event is then written from its columns.
   */
  static AuditEvent fromRow(ResultSet rs) throws SQLException {
    int column = COLUMNS.size() + 1;
    byte[] body = rs.getBytes(column);
    if (body == null) {
      body = asciiBytes(rs.getString(column + 3));
    }
    String schema = rs.getString(column + 2);
    return new AuditEvent(RowProperties.read(rs), body == null || !SchemaFingerprint.current().equals(schema)
        ? null : new EventJson(body, EventJson.parseSpans(rs.getString(column + 1)), schema));
  }

  /**
   * The text of a row stored before V5 as bytes, when they are ASCII: only then do its spans, offsets
   * in characters, fit the bytes. Other text is left out (null) and the event written from its columns.
   */
  private static byte[] asciiBytes(String text) {
    if (text == null) {
      return null;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return utf8.length == text.length() ? utf8 : null;
  }

  private static String json(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("collection value cannot be written as JSON", e);
    }
  }
}
