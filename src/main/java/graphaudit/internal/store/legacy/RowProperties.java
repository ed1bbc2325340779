package graphaudit.internal.store.legacy;

import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.LazyProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event's properties as graph-audit 0.1 stored them in the columns of its {@code audit_event} (schema
 * V5), read for the migration of such a store: every scalar and the actor's as a column, an
 * {@code actor_present} flag, the original DateTimeOffset text beside its instant, collections as JSON
 * text. Immutable; thread-safe.
 */
final class RowProperties extends LazyProperties {

  /** The data columns of a V5 row in the order {@link #read} takes them. */
  static final List<String> COLUMNS = columns();

  private static List<String> columns() {
    List<String> out = new java.util.ArrayList<>();
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      switch (p.kind()) {
        case COMPLEX -> {
          out.add(snake(p.name()) + "_present");
          p.complexType().properties().forEach(sub -> out.add(snake(p.name()) + "_" + snake(sub.name())));
        }
        case DATE_TIME_OFFSET -> {
          out.add(snake(p.name()));
          out.add(snake(p.name()) + "_text");
        }
        default -> out.add(snake(p.name()));
      }
    }
    return List.copyOf(out);
  }

  private static String snake(String name) {
    return name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }

  /** Each column's value as read, by position; the instant column of a DateTimeOffset is not read. */
  private final Object[] columns;

  private RowProperties(Object[] columns) {
    this.columns = columns;
  }

  /** Reads the data columns of the current row, which start at position {@code first}. */
  static RowProperties read(ResultSet rs, int first) throws SQLException {
    Object[] columns = new Object[COLUMNS.size()];
    int column = 0;
    int offset = first - 1;
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      switch (p.kind()) {
        case COMPLEX -> {
          columns[column] = rs.getBoolean(offset + ++column);
          for (int sub = p.complexType().properties().size(); sub > 0; sub--) {
            columns[column] = rs.getString(offset + ++column);
          }
        }
        case DATE_TIME_OFFSET -> {
          column++; // the instant; the original text follows
          columns[column] = rs.getString(offset + ++column);
        }
        case GUID -> columns[column] = rs.getObject(offset + ++column);
        default -> columns[column] = rs.getString(offset + ++column);
      }
    }
    return new RowProperties(columns);
  }

  /** The properties in schema order; collections are parsed only when read. */
  @Override
  protected Map<String, Object> build() {
    Map<String, Object> values = new LinkedHashMap<>();
    int column = 0;
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      switch (p.kind()) {
        case COMPLEX -> {
          boolean present = (Boolean) columns[column++];
          Map<String, Object> complex = new LinkedHashMap<>();
          for (Property sub : p.complexType().properties()) {
            String text = (String) columns[column++];
            complex.put(sub.name(), sub.kind().isCollection() ? parse(text) : text);
          }
          values.put(p.name(), present ? complex : null);
        }
        case DATE_TIME_OFFSET -> {
          column++;
          values.put(p.name(), columns[column++]);
        }
        case GUID -> {
          Object uuid = columns[column++];
          values.put(p.name(), uuid == null ? null : uuid.toString());
        }
        case STRING_COLLECTION, COMPLEX_COLLECTION -> values.put(p.name(), parse((String) columns[column++]));
        default -> values.put(p.name(), columns[column++]);
      }
    }
    return values;
  }

  private static Object parse(String text) {
    return text == null ? null : new LazyJsonList(text);
  }
}
