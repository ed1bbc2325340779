package graphaudit.store;

import graphaudit.audit.AuditEvent;
import graphaudit.audit.Property;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Writes an event's collections into their {@link CollectionTable}s, one batch per table. Stateless. */
final class CollectionRows {

  private CollectionRows() {
  }

  static void insert(Handle handle, long seq, AuditEvent event) {
    for (CollectionTable table : CollectionTable.ALL) {
      PreparedBatch batch = null;
      for (Element element : elements(table, event.properties())) {
        if (batch == null) {
          batch = handle.prepareBatch(insertSql(table));
        }
        batch.bind("event_seq", seq).bind("pos", element.pos());
        if (table.parent() != null) {
          batch.bind("parent_pos", element.parentPos());
        }
        if (table.isPrimitive()) {
          batch.bind(CollectionTable.VALUE_COLUMN, (String) element.value());
        } else {
          @SuppressWarnings("unchecked")
          Map<String, Object> values = (Map<String, Object>) element.value();
          for (Property member : table.members()) {
            batch.bind(CollectionTable.column(member), (String) values.get(member.name()));
          }
        }
        batch.add();
      }
      if (batch != null) {
        batch.execute();
      }
    }
  }

  private record Element(Integer parentPos, int pos, Object value) {
  }

  /** The elements of {@code table}'s collection in this event, with their positions. */
  private static List<Element> elements(CollectionTable table, Map<String, Object> event) {
    if (table.parent() == null) {
      return positions(null, valueAt(event, table.path()));
    }
    String childName = table.property().name();
    return elements(table.parent(), event).stream()
        .flatMap(parent -> {
          @SuppressWarnings("unchecked")
          Object children = ((Map<String, Object>) parent.value()).get(childName);
          return positions(parent.pos(), children).stream();
        }).collect(Collectors.toList());
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
    return Stream.iterate(0, i -> i + 1).limit(list.size()).map(i -> new Element(parentPos, i, list.get(i))).toList();
  }

  private static String insertSql(CollectionTable table) {
    List<String> columns = new java.util.ArrayList<>(List.of("event_seq"));
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
        + columns.stream().map(c -> ":" + c).collect(Collectors.joining(", ")) + ")";
  }
}
