package graphaudit.internal.transfer;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.AuditEvent;
import graphaudit.internal.odata.EventTransfer;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.EventColumns;
import graphaudit.internal.store.SortKey;
import graphaudit.internal.store.SortValues;
import graphaudit.internal.store.Sql;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Streams a tenant's events, as a root's GET answers them, newest first (the order and index a GET
 * without {@code $orderby} uses), page by page by key: constant memory at any size. Not thread-safe.
 */
public final class EventExport {

  private static final int PAGE = 1_000;
  private static final List<SortKey> ORDER = List.of(
      new SortKey(EventColumns.scalar("activityDateTime").orElseThrow(), true), SortKey.ID);

  private final AuditEventStore store;
  private final EventTransfer transfer;
  private final ApiVersion version;
  private final Progress progress;

  public EventExport(AuditEventStore store, ApiVersion version, Progress progress) {
    this.store = store;
    this.transfer = new EventTransfer(version);
    this.version = version;
    this.progress = progress;
  }

  /** The SQL condition of an OData {@code $filter} (null: every event). */
  public Sql where(String filter) {
    return filter == null ? Sql.TRUE : transfer.where(filter, store.dialect());
  }

  /** Writes the events of {@code tenantId} matching {@code where}; returns how many. */
  public long run(String tenantId, Sql where, ExportFormat format, OutputStream out) throws IOException {
    if (format == ExportFormat.GRAPH) {
      out.write(("{\"@odata.context\":\"https://graph.microsoft.com/" + version.segment()
          + "/$metadata#deviceManagement/auditEvents\",\"value\":[\n").getBytes(StandardCharsets.UTF_8));
    }
    long written = 0;
    List<Object> after = null;
    while (true) {
      List<AuditEvent> page = store.page(tenantId, where, ORDER, List.of(), after, 0, PAGE);
      for (AuditEvent event : page) {
        if (format == ExportFormat.GRAPH && written > 0) {
          out.write(',');
        }
        out.write(transfer.write(event));
        out.write('\n');
        written++;
      }
      progress.update(written);
      if (page.size() < PAGE) {
        break;
      }
      AuditEvent last = page.get(page.size() - 1);
      after = ORDER.stream().map(key -> SortValues.of(key.column(), last)).toList();
    }
    if (format == ExportFormat.GRAPH) {
      out.write("]}\n".getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    progress.done();
    return written;
  }
}
