package graphaudit.internal.transfer;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.odata.EventTransfer;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.sql.Sql;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Streams a tenant's events, as a root's GET answers them, in the order they were stored: constant
 * memory at any size. Stored order rather than a GET's newest first, because a walk by time reads a page
 * of the file per event (10,000 events/s) where the table's own order reads each once. Ranges of
 * positions are read and rendered by {@link #READERS} threads side by side and written in order. Events
 * stored after the export began are left out. Not thread-safe.
 */
public final class EventExport {

  /** Positions per read: a read holds at most this many events. */
  private static final int RANGE = 2_000;
  /** Reading threads; the store's pool has a connection for each (StoreOptions). */
  private static final int READERS = 2;

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
    long end = store.lastPosition();
    ExecutorService readers = Executors.newFixedThreadPool(READERS, task -> {
      Thread thread = new Thread(task, "graph-audit-export");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Deque<Future<List<byte[]>>> reading = new ArrayDeque<>();
      long next = 0;
      while (next < end || !reading.isEmpty()) {
        while (next < end && reading.size() < 2 * READERS) { // the next ranges, read while this one is written
          long after = next;
          long upTo = Math.min(end, next + RANGE);
          reading.add(readers.submit(() -> store.scan(tenantId, where, after, upTo).stream()
              .map(transfer::write).toList()));
          next = upTo;
        }
        for (byte[] event : await(reading.poll())) {
          if (format == ExportFormat.GRAPH && written > 0) {
            out.write(',');
          }
          out.write(event);
          out.write('\n');
          written++;
        }
        progress.update(written);
      }
    } finally {
      readers.shutdownNow();
    }
    if (format == ExportFormat.GRAPH) {
      out.write("]}\n".getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    progress.done();
    return written;
  }

  private static List<byte[]> await(Future<List<byte[]>> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("export interrupted", e);
    }
  }
}
