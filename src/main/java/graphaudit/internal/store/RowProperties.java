package graphaudit.internal.store;

import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.ReadOnlyProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An event's properties as read from a row of {@link EventRow#COLUMNS}: the column values are kept as
 * read and put into a map only when a property is asked for. Answering from the stored JSON (a GET
 * page, an export) asks for none, and building the map for every row was a fifth of an export's time.
 * Immutable; thread-safe.
 */
final class RowProperties extends ReadOnlyProperties {

  /** Each column's value as read, by position; the instant column of a DateTimeOffset is not read. */
  private final Object[] columns;
  private volatile Map<String, Object> map;

  private RowProperties(Object[] columns) {
    this.columns = columns;
  }

  /** Reads the data columns of the current row, which start at position 1. */
  static RowProperties read(ResultSet rs) throws SQLException {
    Object[] columns = new Object[EventRow.COLUMNS.size()];
    int column = 0;
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      switch (p.kind()) {
        case COMPLEX -> {
          columns[column] = rs.getBoolean(++column);
          for (int sub = p.complexType().properties().size(); sub > 0; sub--) {
            columns[column] = rs.getString(++column);
          }
        }
        case DATE_TIME_OFFSET -> {
          column++; // the instant; the original text follows
          columns[column] = rs.getString(++column);
        }
        case GUID -> columns[column] = rs.getObject(++column);
        default -> columns[column] = rs.getString(++column);
      }
    }
    return new RowProperties(columns);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return map().entrySet();
  }

  @Override
  public Object get(Object key) {
    return map().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return map().containsKey(key);
  }

  private Map<String, Object> map() {
    Map<String, Object> built = map;
    if (built == null) {
      built = Collections.unmodifiableMap(build());
      map = built;
    }
    return built;
  }

  /** The properties in schema order; collections are parsed only when read. */
  private Map<String, Object> build() {
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
