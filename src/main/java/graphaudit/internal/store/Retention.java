package graphaudit.internal.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ages events out as Intune does ({@code --retention-days}): deletes those whose activityDateTime is
 * older than the window, {@link #BATCH} per transaction through the store's one write path, so requests
 * queue behind a small batch at most and a crash mid-purge leaves whole batches (the next pass
 * finishes). Runs at start and then every {@link #EVERY} on a thread of its own. Thread-safe.
 */
public final class Retention implements AutoCloseable {

  static final int BATCH = 500;
  private static final Duration EVERY = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final AuditEventStore store;
  private final Duration keep;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "graph-audit-retention");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean closed;

  public Retention(AuditEventStore store, Duration keep, Clock clock) {
    this.store = store;
    this.keep = keep;
    this.clock = clock;
  }

  /** Purges now and then every {@link #EVERY}, in the background. */
  public Retention start() {
    timer.scheduleWithFixedDelay(this::purgeLogged, 0, EVERY.toMinutes(), TimeUnit.MINUTES);
    return this;
  }

  /** Deletes every event older than the window as the clock tells it now; returns how many. */
  public long purge() {
    Instant cutoff = clock.instant().minus(keep);
    long total = 0;
    for (String tenant : store.tenants()) {
      for (int deleted = BATCH; deleted == BATCH && !closed; total += deleted) {
        deleted = store.purgeOlderThan(tenant, cutoff, BATCH);
      }
    }
    return total;
  }

  private void purgeLogged() {
    try {
      long deleted = purge();
      if (deleted > 0) {
        LOG.info("retention: deleted {} events older than {} days", deleted, keep.toDays());
      }
    } catch (RuntimeException e) {
      LOG.warn("retention pass failed; the next one retries", e);
    }
  }

  /** Stops after the batch under way (a purge resumes at the next start). */
  @Override
  public void close() {
    closed = true;
    timer.shutdown();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
