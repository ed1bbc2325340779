package graphaudit.cli;

import graphaudit.audit.AuditEvent;
import graphaudit.audit.Tenants;
import graphaudit.generate.EventGenerator;
import graphaudit.odata.AuditEventJsonWriter;
import graphaudit.store.AuditEventStore;
import graphaudit.store.Database;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes N generated events straight into the store (stop the server first: H2 is single-process). */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Write N realistic, reproducible Intune-like audit events into the database.")
final class GenerateCommand implements Callable<Integer> {

  private static final int BATCH = 5_000;
  private static final int WRITERS = 2;

  @Option(names = "--events", required = true, description = "How many events to write.")
  long events;

  @Option(names = "--tenant", defaultValue = Tenants.DEV, description = "Tenant id (default ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same seed gives the same events.")
  long seed;

  @Option(names = "--from", defaultValue = "2016-01-01T00:00:00Z", description = "Earliest activityDateTime.")
  Instant from;

  @Option(names = "--to", defaultValue = "2017-01-01T00:00:00Z", description = "Latest activityDateTime (exclusive).")
  Instant to;

  @Option(names = "--data", defaultValue = "${env:GRAPH_AUDIT_DATA:-data}", description = "Data directory.")
  Path data;

  @Option(names = "--db-url", defaultValue = "${env:GRAPH_AUDIT_DB_URL}", description = "JDBC URL instead of --data.")
  String dbUrl;

  @Override
  public Integer call() throws Exception {
    if (dbUrl == null) {
      Files.createDirectories(data);
    }
    Database database = Database.open(dbUrl == null ? Database.h2BulkLoadUrl(data) : dbUrl, WRITERS + 1);
    try (AuditEventStore store = new AuditEventStore(database, AuditEventJsonWriter::stored)) {
      BlockingQueue<List<AuditEvent>> batches = new ArrayBlockingQueue<>(4);
      Thread producer = new Thread(() -> produce(batches), "graph-audit-generator");
      producer.setDaemon(true);
      producer.start();
      long start = System.nanoTime();
      AtomicLong written = new AtomicLong();
      PrintStream out = System.err;
      // two writers: H2's MVCC lets separate transactions insert side by side on the two cores
      ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        running.add(writers.submit(() -> {
          while (true) {
            List<AuditEvent> batch = batches.take();
            if (batch.isEmpty()) {
              return null;
            }
            store.createAll(tenant, batch);
            progress(out, written.addAndGet(batch.size()), start);
          }
        }));
      }
      for (Future<?> writer : running) {
        writer.get();
      }
      writers.shutdown();
      database.analyze();
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println();
      System.out.printf("generated %d events in %.1f s (%.0f events/s) for tenant %s%n", written.get(), seconds,
          written.get() / seconds, tenant);
    } catch (Exception e) {
      database.close();
      throw e;
    }
    long compactStart = System.nanoTime();
    database.closeCompacted();
    System.out.printf("compacted the database in %.1f s%n", (System.nanoTime() - compactStart) / 1e9);
    return 0;
  }

  private void produce(BlockingQueue<List<AuditEvent>> batches) {
    EventGenerator generator = new EventGenerator(seed, from, to, events);
    try {
      for (long made = 0; made < events; ) {
        int size = (int) Math.min(BATCH, events - made);
        List<AuditEvent> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          batch.add(generator.next());
        }
        made += size;
        batches.put(batch);
      }
      for (int w = 0; w < WRITERS; w++) {
        batches.put(List.of()); // end of work, one per writer
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void progress(PrintStream out, long written, long start) {
    int width = 30;
    int filled = (int) (width * written / events);
    double rate = written / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    out.printf("\r[%s%s] %3d%% %d/%d events, %.0f events/s", "#".repeat(filled), " ".repeat(width - filled),
        100 * written / events, written, events, rate);
  }
}
