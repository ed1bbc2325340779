package graphaudit.internal.cli;

import graphaudit.GraphAuditConfig;
import graphaudit.AuditEvent;
import graphaudit.internal.compose.Stores;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.generate.EventGenerator;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.Database;
import graphaudit.internal.store.write.DuplicateKeyException;
import graphaudit.internal.store.write.PreparedEvents;
import graphaudit.internal.store.sql.SqlDialect;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes N generated events straight into the store (stop the server first: H2 is single-process). */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Write N realistic Intune-like audit events into the database, dated over the last 90 days "
        + "(--from/--to for a fixed window; the same --seed and window give the same events).")
final class GenerateCommand implements Callable<Integer> {

  private static final int BATCH = 5_000;

  /** Without --from, events spread over this much time before --to: recent enough for date-window queries. */
  static final Duration RECENT = Duration.ofDays(90);

  private final boolean terminal = System.console() != null;
  private final Clock clock;
  private int tenthsShown;

  @Spec
  CommandSpec spec;

  @Option(names = "--events", paramLabel = "N", required = true, description = "How many events to write.")
  long events;

  @Option(names = "--tenant", paramLabel = "GUID", defaultValue = Tenants.DEV, description = "Tenant id (default ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed; the same seed gives the same events.")
  long seed;

  @Option(names = "--from", paramLabel = "INSTANT", description = "Earliest activityDateTime, e.g. 2016-01-01T00:00:00Z (default: "
      + "90 days before --to).")
  Instant from;

  @Option(names = "--to", paramLabel = "INSTANT", description = "Latest activityDateTime, exclusive (default: now).")
  Instant to;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ${DEFAULT-VALUE}).")
  Path data = new GraphAuditConfig().store().dataDir();

  @Option(names = "--db-url", paramLabel = "URL", description = "JDBC URL instead of --data.")
  String dbUrl;

  /** Dates events relative to {@code clock}'s now unless --from/--to fix the window. */
  GenerateCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    Instant end = to != null ? to : clock.instant();
    Instant start = from != null ? from : end.minus(RECENT);
    if (!start.isBefore(end)) {
      throw new ParameterException(spec.commandLine(), "--from (" + start + ") must be before --to (" + end + ")");
    }
    GraphAuditConfig config = new GraphAuditConfig().store(store -> {
      store.dataDir(data);
      if (dbUrl != null) {
        store.jdbcUrl(dbUrl);
      }
    });
    Stores.Opened opened;
    StartFailures failures = StartFailures.watching(data);
    try {
      opened = Stores.openForBulkLoad(config.store());
    } catch (RuntimeException e) {
      throw failures.explain(e);
    }
    Database database = opened.database();
    try {
      AuditEventStore store = opened.store();
      // One thread generates and renders while this one inserts: on two cores one inserting thread and
      // H2's page serializer already use both (bench/H2Ceiling.java: a second writer adds nothing),
      // and rendering on the writers had cost a quarter of the rate.
      BlockingQueue<PreparedEvents> batches = new ArrayBlockingQueue<>(4);
      Thread producer = new Thread(() -> produce(store, batches, start, end), "graph-audit-generator");
      producer.setDaemon(true);
      producer.start();
      long began = System.nanoTime();
      long written = 0;
      PrintWriter bar = spec.commandLine().getErr();
      try {
        for (PreparedEvents batch; (batch = next(batches, producer)).size() > 0; ) {
          try {
            store.createAll(tenant, batch);
          } catch (DuplicateKeyException e) {
            throw new CommandFailure("tenant " + tenant + " already holds events with these ids (generated"
                + " with --seed " + seed + " before?): give another --seed or --tenant", e);
          }
          written += batch.size();
          progress(bar, written, began);
        }
      } finally {
        producer.interrupt(); // stops it if a batch failed
      }
      database.analyze();
      double seconds = (System.nanoTime() - began) / 1e9;
      if (terminal) {
        bar.println();
      }
      bar.flush();
      out().printf("generated %d events in %.1f s (%.0f events/s) for tenant %s%n", written, seconds,
          written / seconds, tenant);
    } catch (Exception e) {
      opened.close();
      throw e;
    }
    long compactStart = System.nanoTime();
    opened.closeCompacted();
    if (database.dialect() == SqlDialect.H2) {
      out().printf("compacted the database in %.1f s%n", (System.nanoTime() - compactStart) / 1e9);
    }
    out().flush();
    return 0;
  }

  /** The producer's next batch; fails if it died without ending the queue (its error is on stderr). */
  private static PreparedEvents next(BlockingQueue<PreparedEvents> batches, Thread producer)
      throws InterruptedException {
    while (true) {
      PreparedEvents batch = batches.poll(1, TimeUnit.SECONDS);
      if (batch != null) {
        return batch;
      }
      if (!producer.isAlive() && batches.isEmpty()) {
        throw new IllegalStateException("the event generator stopped before the last event");
      }
    }
  }

  /** Puts the events in batches, rendered, then an empty batch to end. */
  private void produce(AuditEventStore store, BlockingQueue<PreparedEvents> batches, Instant start, Instant end) {
    EventGenerator generator = new EventGenerator(seed, start, end, events);
    try {
      for (long made = 0; made < events; ) {
        int size = (int) Math.min(BATCH, events - made);
        List<AuditEvent> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          batch.add(generator.next());
        }
        made += size;
        batches.put(store.prepare(batch));
      }
      batches.put(store.prepare(List.of()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /**
   * A bar redrawn in place on a terminal; elsewhere (a pipe, a log file, CI) a line at every tenth, since
   * carriage returns there make one line of every update.
   */
  private void progress(PrintWriter out, long written, long start) {
    double rate = written / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    if (!terminal) {
      int tenth = (int) (10 * written / events);
      if (tenth > tenthsShown) {
        tenthsShown = tenth;
        out.printf("%d/%d events (%d%%), %.0f events/s%n", written, events, 100 * written / events, rate);
        out.flush();
      }
      return;
    }
    int width = 30;
    int filled = (int) (width * written / events);
    out.printf("\r[%s%s] %3d%% %d/%d events, %.0f events/s", "#".repeat(filled), " ".repeat(width - filled),
        100 * written / events, written, events, rate);
    out.flush();
  }
}
