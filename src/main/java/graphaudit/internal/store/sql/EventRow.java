package graphaudit.internal.store.sql;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.Property;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The columns of {@code audit_event} an event fills, derived from {@link AuditSchema}: its scalar
 * properties and its actor's, the ones {@code $filter} and {@code $orderby} reach ({@link EventColumns}).
 * The event itself is kept whole elsewhere (the change log, or the body columns). Thread-safe.
 */
public final class EventRow {

  /** Every filterable column in schema order (without seq and tenant). */
  public static final List<String> COLUMNS = columns();

  /** The event's response JSON where no change log holds it: bytes, v1.0 cuts, schema fingerprint. */
  public static final List<String> BODY_COLUMNS = List.of("json_utf8", "json_v1_cuts", "json_schema");

  private EventRow() {
  }

  private static List<String> columns() {
    List<String> out = new ArrayList<>();
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      if (p.kind() == graphaudit.internal.audit.ValueKind.COMPLEX) {
        for (Property sub : p.complexType().properties()) {
          if (!sub.kind().isCollection() && !sub.kind().isComplex()) {
            out.add(ColumnNames.of(p.name(), sub.name()));
          }
        }
      } else if (!p.kind().isCollection()) {
        out.add(ColumnNames.of(p.name()));
      }
    }
    return List.copyOf(out);
  }

  /** The values of {@link #COLUMNS} for an event in canonical form, in order, typed as they bind. */
  public static Object[] values(AuditEvent event) {
    Object[] out = new Object[COLUMNS.size()];
    int i = 0;
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      Object value = event.get(p.name());
      switch (p.kind()) {
        case COMPLEX -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> complex = (Map<String, Object>) value;
          for (Property sub : p.complexType().properties()) {
            if (!sub.kind().isCollection() && !sub.kind().isComplex()) {
              out[i++] = complex == null ? null : complex.get(sub.name());
            }
          }
        }
        case DATE_TIME_OFFSET -> out[i++] = value == null ? null : OffsetDateTime.parse((String) value);
        case GUID -> out[i++] = value == null ? null : UUID.fromString((String) value);
        case STRING_COLLECTION, COMPLEX_COLLECTION -> {
          // kept whole with the event; its members are filterable through the collection tables
        }
        default -> out[i++] = value;
      }
    }
    return out;
  }

  /** The position of a column in {@link #COLUMNS}. */
  public static int indexOf(String column) {
    int index = COLUMNS.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException("no column " + column);
    }
    return index;
  }
}
