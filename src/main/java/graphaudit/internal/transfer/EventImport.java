package graphaudit.internal.transfer;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.AuditEvent;
import graphaudit.internal.audit.InvalidInputException;
import graphaudit.internal.odata.EventTransfer;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.write.ImportResult;
import graphaudit.internal.store.write.PreparedEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Imports events into a tenant through the store's one write path: in batches of {@link #BATCH}, each
 * stored in one transaction or not at all; idempotent by id (an event already stored identically is
 * skipped, one stored with other content is reported and kept). Every bad record is reported with where
 * it sits and why; what else is stored then is the {@link OnBad} choice: the other records, or not its
 * batch ({@link OnBad#ALL} is the caller's: {@link #check} first, then an import). Importing the fixed
 * file again completes it. One batch is written while the next is read and rendered, so reading and
 * writing share the time rather than add up. Not thread-safe: one import per instance.
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
  private final OnBad onBad;
  private List<AuditEvent> events = new ArrayList<>(BATCH);
  private List<String> wheres = new ArrayList<>(BATCH);
  /** The batch being written meanwhile, or null. */
  private Written written;
  private boolean batchBad;
  private long created;
  private long unchanged;
  private long differing;
  private long bad;
  private long refused;

  /** An import that prints each problem as a line on {@code err} and refuses a bad record's batch. */
  public EventImport(AuditEventStore store, PrintWriter err, Progress progress) {
    this(store, problem -> err.println(problem.line()), progress, OnBad.BATCH);
  }

  /** An import that hands each problem to {@code problems} as it finds it and refuses a bad record's batch. */
  public EventImport(AuditEventStore store, Consumer<ImportProblem> problems, Progress progress) {
    this(store, problems, progress, OnBad.BATCH);
  }

  /**
   * An import that hands each problem to {@code problems} as it finds it and, with a bad record, stores
   * the others ({@link OnBad#SKIP}) or not its batch ({@link OnBad#BATCH}).
   */
  public EventImport(AuditEventStore store, Consumer<ImportProblem> problems, Progress progress, OnBad onBad) {
    if (onBad == OnBad.ALL) {
      throw new IllegalArgumentException("all or nothing takes a check of the whole input first: see check()");
    }
    this.store = store;
    this.problems = problems;
    this.progress = progress;
    this.onBad = onBad;
  }

  /**
   * Reads the whole input as an import would and reports each bad record to {@code problems}, storing
   * nothing: the first pass of an all-or-nothing import. Returns how many records were bad.
   */
  public static long check(InputStream in, ImportFormat format, Consumer<ImportProblem> problems) throws IOException {
    EventTransfer transfer = new EventTransfer(ApiVersion.BETA);
    long[] bad = {0};
    ImportRecords.read(in, format, record -> {
      String reason = record.error();
      if (reason == null) {
        try {
          transfer.read(record.node());
        } catch (InvalidInputException e) {
          reason = e.getMessage();
        }
      }
      if (reason != null) {
        bad[0]++;
        problems.accept(new ImportProblem(ImportProblem.Kind.BAD, record.where(), reason));
      }
    });
    return bad[0];
  }

  public Summary run(InputStream in, ImportFormat format, String tenantId) throws IOException {
    ExecutorService writer = Executors.newSingleThreadExecutor(task -> new Thread(task, "graph-audit-import"));
    try {
      ImportRecords.read(in, format, record -> {
        add(record);
        if (wheres.size() >= BATCH) {
          flush(tenantId, writer);
        }
      });
      flush(tenantId, writer);
      settle();
    } finally {
      writer.shutdownNow();
    }
    progress.done();
    return new Summary(created, unchanged, differing, bad, refused, progress.seconds());
  }

  /**
   * A batch handed to the writer: its ids (not its events, which would then outlive their rendering and
   * reach the old generation), where they sit, and what storing them did.
   */
  private record Written(List<String> ids, List<String> wheres,
      Future<List<ImportResult>> results) {
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
    batchBad = onBad == OnBad.BATCH;
    problems.accept(new ImportProblem(ImportProblem.Kind.BAD, where, reason));
  }

  /**
   * Hands the batch to the writer once the one before it is stored, or with a bad record in it,
   * stores nothing of it.
   */
  private void flush(String tenantId, ExecutorService writer) {
    if (wheres.isEmpty()) {
      return;
    }
    if (batchBad) {
      refused += events.size();
      problems.accept(new ImportProblem(ImportProblem.Kind.REFUSED,
          wheres.get(0) + " to " + wheres.get(wheres.size() - 1), "a bad record is among them"));
      events.clear();
      wheres.clear();
      batchBad = false;
    } else {
      PreparedEvents prepared = store.prepare(events); // rendered here, while the writer stores the last batch
      settle();
      written = new Written(events.stream().map(AuditEvent::id).toList(), wheres,
          writer.submit(() -> store.importAll(tenantId, prepared)));
      events = new ArrayList<>(BATCH);
      wheres = new ArrayList<>(BATCH);
    }
    progress.update(created + unchanged + differing + bad + refused);
  }

  /** Waits for the batch being written and counts what storing it did. */
  private void settle() {
    if (written == null) {
      return;
    }
    List<ImportResult> results;
    try {
      results = written.results().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("import interrupted", e);
    }
    for (int i = 0; i < results.size(); i++) {
      switch (results.get(i)) {
        case CREATED -> created++;
        case UNCHANGED -> unchanged++;
        case DIFFERS -> {
          differing++;
          problems.accept(new ImportProblem(ImportProblem.Kind.DIFFERING, written.wheres().get(i),
              "event '" + written.ids().get(i) + "' is stored with other content: kept the stored one"));
        }
      }
    }
    written = null;
  }
}
