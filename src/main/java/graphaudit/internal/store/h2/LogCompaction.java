package graphaudit.internal.store.h2;

import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.log.ChangeLog;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the change log near the size of what it records: every {@link #EVERY_SECONDS} s, when the log is
 * more than twice the events it holds (replaced and deleted events, deletes, retention's too) and at least
 * {@link #SLACK_BYTES} over, its oldest sealed segments are rewritten without them ({@link ChangeLog#compact}).
 * On a thread of its own, beside the writer. Thread-safe.
 */
final class LogCompaction implements AutoCloseable {

  static final long EVERY_SECONDS = 60;
  static final long SLACK_BYTES = 64L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(LogCompaction.class);

  private final ChangeLog log;
  private final AuditEventStore store;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "graph-audit-log-compaction");
    thread.setDaemon(true);
    return thread;
  });

  private LogCompaction(ChangeLog log, AuditEventStore store) {
    this.log = log;
    this.store = store;
  }

  /** Starts watching {@code log}, which {@code store} indexes. */
  static LogCompaction start(ChangeLog log, AuditEventStore store) {
    LogCompaction compaction = new LogCompaction(log, store);
    compaction.timer.scheduleWithFixedDelay(compaction::compactIfWorthIt, EVERY_SECONDS, EVERY_SECONDS,
        TimeUnit.SECONDS);
    return compaction;
  }

  /** Compacts when the log holds more than twice its live events' bytes; the bytes freed. */
  long compactIfWorthIt() {
    try {
      long size = log.sizeBytes();
      long live = store.countedEvents() * log.averageEventBytes();
      if (size <= 2 * live || size - live < SLACK_BYTES) {
        return 0;
      }
      return log.compact(store::liveBetween, store.durableLsn());
    } catch (Exception e) {
      LOG.warn("log compaction failed; the next round retries", e);
      return 0;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
