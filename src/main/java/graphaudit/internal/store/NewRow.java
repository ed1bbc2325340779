package graphaudit.internal.store;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.CanonicalEvent;
import graphaudit.internal.audit.EventJson;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything an insert binds for one event: its column values ({@link EventRow#ALL_COLUMNS}) and
 * its collection rows. Built by the request's own thread, so the single writer thread only writes
 * (rendering and converting on it made it the bottleneck of concurrent POSTs).
 */
record NewRow(AuditEvent event, Object[] columns, Map<CollectionTable, List<CollectionRows.Element>> children) {

  /**
   * {@code event} as it will be stored, in canonical form, from which its columns, collection rows and
   * JSON cache are all derived: it carries that cache, so answering it renders nothing.
   */
  static NewRow of(AuditEvent event, Function<AuditEvent, EventJson> render) {
    AuditEvent canonical = CanonicalEvent.of(event);
    EventJson json = render.apply(canonical);
    return new NewRow(new AuditEvent(canonical.properties(), json), EventRow.values(canonical, json),
        CollectionRows.rowsOf(canonical));
  }
}
