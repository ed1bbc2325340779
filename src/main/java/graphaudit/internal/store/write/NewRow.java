package graphaudit.internal.store.write;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.CanonicalEvent;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.audit.StoredJson;
import graphaudit.internal.store.log.EventPacking;
import graphaudit.internal.store.log.LogRecord;
import graphaudit.internal.store.sql.BodyProperties;
import graphaudit.internal.store.sql.CollectionTable;
import graphaudit.internal.store.sql.EventRow;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a write binds for one event: the event in canonical form with its response JSON, its column
 * values ({@link EventRow#COLUMNS}), its collection rows, and its JSON packed as the change log keeps it
 * (null where there is no log). Built on the caller's thread, so the single writer thread only writes
 * (rendering, converting and packing on it made it the bottleneck of concurrent POSTs).
 */
record NewRow(AuditEvent event, Object[] columns, Map<CollectionTable, List<CollectionRows.Element>> children,
    byte[] packed) {

  private static final int TIME = EventRow.indexOf("activity_date_time");
  private static final int CATEGORY = EventRow.indexOf("category");
  private static final int ACTIVITY_TYPE = EventRow.indexOf("activity_type");

  /**
   * {@code event} as it will be stored, in canonical form, from which its columns, collection rows and
   * JSON are all derived: it carries that JSON, so answering it renders nothing.
   */
  static NewRow of(AuditEvent event, Function<AuditEvent, EventJson> render, boolean logged) {
    AuditEvent canonical = CanonicalEvent.of(event);
    EventJson stored = StoredJson.of(canonical);
    EventJson json = stored != null ? stored : render.apply(canonical);
    return new NewRow(StoredJson.event(canonical.properties(), json), EventRow.values(canonical),
        CollectionRows.rowsOf(canonical), logged ? EventPacking.pack(json.utf8()) : null);
  }

  /** The row of an event the change log holds: its JSON and packing as the log has them. */
  static NewRow replayed(LogRecord.Put put, Function<AuditEvent, EventJson> render) {
    AuditEvent canonical = BodyProperties.event(put.event());
    EventJson stored = StoredJson.of(canonical);
    EventJson json = stored != null ? stored : render.apply(canonical);
    return new NewRow(StoredJson.event(canonical.properties(), json), EventRow.values(canonical),
        CollectionRows.rowsOf(canonical), json == put.event() ? put.packed() : EventPacking.pack(json.utf8()));
  }

  EventJson json() {
    return StoredJson.of(event);
  }

  /** What the event counts under in the tables of counts. */
  Counts.Key key(int tenant) {
    return new Counts.Key(tenant, ((OffsetDateTime) columns[TIME]).atZoneSameInstant(ZoneOffset.UTC).toLocalDate(),
        (String) columns[CATEGORY], (String) columns[ACTIVITY_TYPE]);
  }
}
