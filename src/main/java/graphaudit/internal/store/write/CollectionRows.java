package graphaudit.internal.store.write;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.Property;
import graphaudit.internal.store.sql.CollectionTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes an event's collections into their {@link CollectionTable}s, one batch per table, for the {@link ChangeWriter}. Stateless. */
final class CollectionRows {

  private static final Map<CollectionTable, String> INSERTS = CollectionTable.ALL.stream()
      .collect(Collectors.toMap(t -> t, CollectionRows::insertSql));

  private CollectionRows() {
  }

  /** The rows of every collection table for one event (computed before the writer thread needs them). */
  static Map<CollectionTable, List<Element>> rowsOf(AuditEvent event) {
    Map<CollectionTable, List<Element>> rows = new LinkedHashMap<>();
    for (CollectionTable table : CollectionTable.ALL) {
      rows.put(table, elements(table, event.properties()));
    }
    return rows;
  }

  /**
   * Inserts the collection rows of many events (seqs.get(i) is the event of rows.get(i)), one JDBC
   * batch per table: plain JDBC because this is the write hot path (Jdbi's named binding cost ~3x).
   */
  static void insert(Connection connection, List<Long> seqs, List<Map<CollectionTable, List<Element>>> rows)
      throws SQLException {
    for (CollectionTable table : CollectionTable.ALL) {
      List<Object[]> values = values(table, seqs, rows);
      if (values.isEmpty()) {
        continue;
      }
      try (PreparedStatement batch = connection.prepareStatement(INSERTS.get(table))) {
        for (Object[] row : values) {
          for (int i = 0; i < row.length; i++) {
            if (row[i] instanceof Long number) {
              batch.setLong(i + 1, number);
            } else if (row[i] instanceof Integer number) {
              batch.setInt(i + 1, number);
            } else {
              batch.setString(i + 1, (String) row[i]);
            }
          }
          batch.addBatch();
        }
        batch.executeBatch();
      }
    }
  }

  /** The columns of {@code table} in the order {@link #values} gives them. */
  static List<String> columns(CollectionTable table) {
    List<String> columns = new ArrayList<>(List.of("event_seq"));
    if (table.parent() != null) {
      columns.add("parent_pos");
    }
    columns.add("pos");
    if (table.isPrimitive()) {
      columns.add(CollectionTable.VALUE_COLUMN);
    } else {
      table.members().forEach(m -> columns.add(CollectionTable.column(m)));
    }
    return columns;
  }

  /** The rows of {@code table} for many events, as the values of {@link #columns}. */
  static List<Object[]> values(CollectionTable table, List<Long> seqs, List<Map<CollectionTable, List<Element>>> rows) {
    List<Object[]> out = new ArrayList<>();
    int width = columns(table).size();
    for (int e = 0; e < rows.size(); e++) {
      for (Element element : rows.get(e).get(table)) {
        Object[] row = new Object[width];
        int i = 0;
        row[i++] = seqs.get(e);
        if (table.parent() != null) {
          row[i++] = element.parentPos();
        }
        row[i++] = element.pos();
        if (table.isPrimitive()) {
          row[i] = element.value();
        } else {
          @SuppressWarnings("unchecked")
          Map<String, Object> members = (Map<String, Object>) element.value();
          for (Property member : table.members()) {
            row[i++] = members.get(member.name());
          }
        }
        out.add(row);
      }
    }
    return out;
  }

  /** Deletes the collection rows of the event at {@code seq}. */
  static void delete(Connection connection, long seq) throws SQLException {
    for (CollectionTable table : CollectionTable.ALL) {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table.table()
          + " WHERE event_seq = ?")) {
        delete.setLong(1, seq);
        delete.executeUpdate();
      }
    }
  }

  record Element(Integer parentPos, int pos, Object value) {
  }

  /** The elements of {@code table}'s collection in this event, with their positions. Loops: this runs per event written. */
  private static List<Element> elements(CollectionTable table, Map<String, Object> event) {
    if (table.parent() == null) {
      return positions(null, valueAt(event, table.path()));
    }
    String childName = table.property().name();
    List<Element> out = new ArrayList<>();
    for (Element parent : elements(table.parent(), event)) {
      @SuppressWarnings("unchecked")
      Object children = ((Map<String, Object>) parent.value()).get(childName);
      out.addAll(positions(parent.pos(), children));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object valueAt(Map<String, Object> values, String path) {
    Object current = values;
    for (String step : path.split("/")) {
      if (!(current instanceof Map)) {
        return null;
      }
      current = ((Map<String, Object>) current).get(step);
    }
    return current;
  }

  private static List<Element> positions(Integer parentPos, Object collection) {
    if (!(collection instanceof List<?> list)) {
      return List.of();
    }
    List<Element> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(new Element(parentPos, i, list.get(i)));
    }
    return out;
  }

  private static String insertSql(CollectionTable table) {
    List<String> columns = columns(table);
    return "INSERT INTO " + table.table() + " (" + String.join(", ", columns) + ") VALUES ("
        + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
  }

}
