package graphaudit.internal.store;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.Property;
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
      try (PreparedStatement batch = connection.prepareStatement(INSERTS.get(table))) {
        int added = 0;
        for (int i = 0; i < rows.size(); i++) {
          for (Element element : rows.get(i).get(table)) {
            add(batch, table, seqs.get(i), element);
            added++;
          }
        }
        if (added > 0) {
          batch.executeBatch();
        }
      }
    }
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

  private static void add(PreparedStatement batch, CollectionTable table, long seq, Element element)
      throws SQLException {
    int i = 1;
    batch.setLong(i++, seq);
    if (table.parent() != null) {
      batch.setInt(i++, element.parentPos());
    }
    batch.setInt(i++, element.pos());
    if (table.isPrimitive()) {
      batch.setString(i, (String) element.value());
    } else {
      @SuppressWarnings("unchecked")
      Map<String, Object> values = (Map<String, Object>) element.value();
      for (Property member : table.members()) {
        batch.setString(i++, (String) values.get(member.name()));
      }
    }
    batch.addBatch();
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
    return "INSERT INTO " + table.table() + " (" + String.join(", ", columns) + ") VALUES ("
        + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
  }
}
