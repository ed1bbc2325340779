package graphaudit.store;

import graphaudit.audit.AuditEvent;
import graphaudit.audit.EventJson;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything an insert binds for one event: its column values ({@link EventRow#ALL_COLUMNS}) and
 * its collection rows. Built by the request's own thread, so the single writer thread only writes
 * (rendering and converting on it made it the bottleneck of concurrent POSTs).
 */
record NewRow(AuditEvent event, Object[] columns, Map<CollectionTable, List<CollectionRows.Element>> children) {

  /** {@code event} as it will be stored: it carries its stored JSON, so answering it renders nothing. */
  static NewRow of(AuditEvent event, Function<AuditEvent, EventJson> render) {
    EventJson json = render.apply(event);
    return new NewRow(new AuditEvent(event.properties(), json), EventRow.values(event, json),
        CollectionRows.rowsOf(event));
  }
}
