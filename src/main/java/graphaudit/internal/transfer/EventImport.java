package graphaudit.internal.transfer;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.AuditEvent;
import graphaudit.internal.audit.InvalidInputException;
import graphaudit.internal.odata.EventTransfer;
import graphaudit.internal.store.AuditEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Imports events into a tenant through the store's one write path: in batches of {@link #BATCH}, each
 * stored in one transaction or not at all; idempotent by id (an event already stored identically is
 * skipped, one stored with other content is reported and kept). Every bad record is reported with where
 * it sits and why, and nothing of its batch is stored, so importing the fixed file again completes
 * it. Not thread-safe: one import per instance.
 */
public final class EventImport {

  static final int BATCH = 1_000;

  /** What an import did. */
  public record Summary(long created, long unchanged, long differing, long bad, long refused, double seconds) {
    public long read() {
      return created + unchanged + differing + bad + refused;
    }
  }

  private final AuditEventStore store;
  private final EventTransfer transfer = new EventTransfer(ApiVersion.BETA);
  private final Consumer<ImportProblem> problems;
  private final Progress progress;
  private final List<AuditEvent> events = new ArrayList<>(BATCH);
  private final List<String> wheres = new ArrayList<>(BATCH);
  private boolean batchBad;
  private long created;
  private long unchanged;
  private long differing;
  private long bad;
  private long refused;

  /** An import that prints each problem as a line on {@code err}. */
  public EventImport(AuditEventStore store, PrintWriter err, Progress progress) {
    this(store, problem -> err.println(problem.line()), progress);
  }

  /** An import that hands each problem to {@code problems} as it finds it. */
  public EventImport(AuditEventStore store, Consumer<ImportProblem> problems, Progress progress) {
    this.store = store;
    this.problems = problems;
    this.progress = progress;
  }

  public Summary run(InputStream in, ImportFormat format, String tenantId) throws IOException {
    ImportRecords.read(in, format, record -> {
      add(record);
      if (wheres.size() >= BATCH) {
        flush(tenantId);
      }
    });
    flush(tenantId);
    progress.done();
    return new Summary(created, unchanged, differing, bad, refused, progress.seconds());
  }

  private void add(ImportRecords.Record record) {
    wheres.add(record.where());
    if (record.error() != null) {
      reportBad(record.where(), record.error());
      return;
    }
    try {
      events.add(transfer.read(record.node()));
    } catch (InvalidInputException e) {
      reportBad(record.where(), e.getMessage());
    }
  }

  private void reportBad(String where, String reason) {
    bad++;
    batchBad = true;
    problems.accept(new ImportProblem(ImportProblem.Kind.BAD, where, reason));
  }

  /** Stores the batch, or with a bad record in it, nothing of it. */
  private void flush(String tenantId) {
    if (wheres.isEmpty()) {
      return;
    }
    if (batchBad) {
      refused += events.size();
      problems.accept(new ImportProblem(ImportProblem.Kind.REFUSED,
          wheres.get(0) + " to " + wheres.get(wheres.size() - 1), "a bad record is among them"));
    } else {
      List<AuditEventStore.ImportResult> results = store.importAll(tenantId, store.prepare(events));
      for (int i = 0; i < results.size(); i++) {
        switch (results.get(i)) {
          case CREATED -> created++;
          case UNCHANGED -> unchanged++;
          case DIFFERS -> {
            differing++;
            problems.accept(new ImportProblem(ImportProblem.Kind.DIFFERING, wheres.get(i),
                "event '" + events.get(i).id() + "' is stored with other content: kept the stored one"));
          }
        }
      }
    }
    events.clear();
    wheres.clear();
    batchBad = false;
    progress.update(created + unchanged + differing + bad + refused);
  }
}
