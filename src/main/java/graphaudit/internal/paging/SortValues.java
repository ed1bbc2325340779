package graphaudit.internal.paging;

import graphaudit.AuditEvent;
import graphaudit.internal.store.sql.EventColumns;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A column's value for an event, typed as it binds (OffsetDateTime, UUID, String), and back from text. */
public final class SortValues {

  private SortValues() {
  }

  /** The value {@code column} holds for {@code event}, read from the event itself. */
  public static Object of(EventColumns.Column column, AuditEvent event) {
    Object value = event.properties();
    for (String step : column.path().split("/")) {
      value = value instanceof Map<?, ?> map ? map.get(step) : null;
    }
    return value == null ? null : parse(column, (String) value);
  }

  /** The bindable value of {@code column} written as text (as skip tokens carry it). */
  public static Object parse(EventColumns.Column column, String text) {
    return switch (column.kind()) {
      case DATE_TIME_OFFSET -> OffsetDateTime.parse(text);
      case GUID -> UUID.fromString(text);
      default -> text;
    };
  }
}
