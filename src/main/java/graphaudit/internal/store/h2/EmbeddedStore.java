package graphaudit.internal.store.h2;

import graphaudit.StoreDamagedException;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.Database;
import graphaudit.internal.store.Directories;
import graphaudit.internal.store.log.ChangeLog;
import graphaudit.internal.store.log.LogDamagedException;
import graphaudit.internal.store.log.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store of a data directory: the change log ({@code log/}), which is the record, and the H2
 * file that indexes it ({@code index.mv.db}), run with H2's own settings. Opening takes the directory,
 * moves a store of graph-audit 0.1 to this layout, replays the log's tail that the index does not hold,
 * and after a crash checks in bounded time what the crash may have touched; an index that cannot be
 * opened or fails that check is set aside and rebuilt from the log. Stateless.
 */
public final class EmbeddedStore {

  static final String INDEX = "index";
  static final String LOG_DIR = "log";
  /** The single H2 file of graph-audit 0.1, which was the record then. */
  static final String LEGACY_FILE = "graph-audit.mv.db";
  /** How many log records one transaction of a replay applies. */
  private static final int REPLAY_BATCH = 2_000;
  /** H2's codes for a file it cannot read and for indexes that disagree with the rows. */
  private static final Set<Integer> DAMAGE_CODES = Set.of(90030, 90143, 90112, 50000);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedStore.class);

  /** Makes the event store on an open database and its log (rendering and metrics are the caller's). */
  @FunctionalInterface
  public interface StoreFactory {
    AuditEventStore create(Database database, ChangeLog log);
  }

  /** An open embedded store; closing it closes the store, the index and the log and frees the directory. */
  public record Opened(Database database, ChangeLog log, AuditEventStore store, AutoCloseable release,
      LogCompaction compaction) implements AutoCloseable {

    Opened(Database database, ChangeLog log, AuditEventStore store, AutoCloseable release) {
      this(database, log, store, release, LogCompaction.start(log, store));
    }

    @Override
    public void close() {
      close(false);
    }

    /** {@link #close()}, rewriting the index file without the pages a bulk load superseded. */
    public void closeCompacted() {
      close(true);
    }

    private void close(boolean compact) {
      try {
        compaction.close();
        store.close();
      } finally {
        try {
          if (compact) {
            database.closeCompacted();
          } else {
            database.close();
          }
        } finally {
          try {
            log.close();
            release.close();
          } catch (Exception e) {
            throw new IllegalStateException("cannot close the store", e);
          }
        }
      }
    }
  }

  private EmbeddedStore() {
  }

  /** The JDBC URL of the index in {@code dataDir}: H2's own settings, with a page cache of {@code cacheMegabytes}. */
  public static String indexUrl(Path dataDir, int cacheMegabytes) {
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(INDEX) + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE="
        + cacheMegabytes * 1024;
  }

  /** Opens the embedded store in {@code dataDir} (created if need be). */
  public static Opened open(Path dataDir, int cacheMegabytes, int poolSize, StoreFactory factory) {
    return open(dataDir, indexUrl(dataDir, cacheMegabytes), poolSize, factory);
  }

  /**
   * Opens the embedded store for one bulk load that ends with {@link Opened#closeCompacted()}: H2 does not
   * compact the index as it goes (its background compaction rewrote chunks the load was still superseding),
   * the closing compaction does it once.
   */
  public static Opened openForBulkLoad(Path dataDir, int cacheMegabytes, StoreFactory factory) {
    return open(dataDir, indexUrl(dataDir, cacheMegabytes) + ";AUTO_COMPACT_FILL_RATE=0", 2, factory);
  }

  private static Opened open(Path dataDir, String url, int poolSize, StoreFactory factory) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir, e);
    }
    DirectoryLock lock = DirectoryLock.take(dataDir);
    try {
      if (Files.exists(dataDir.resolve(LEGACY_FILE)) && !Files.exists(dataDir.resolve(LOG_DIR))) {
        LegacyMigration.run(dataDir, url, factory);
      }
      ChangeLog log = openLog(dataDir, ChangeLog.Options.DURABLE);
      return openIndex(dataDir, url, poolSize, factory, log, lock.leftByCrash(), lock);
    } catch (RuntimeException e) {
      lock.abandon(); // the next open checks again
      throw e;
    }
  }

  /**
   * A store that lives as long as this process: H2 in memory and a log in a temporary directory, not
   * fsynced (nothing of it outlives the process anyway), deleted when it closes.
   */
  public static Opened temporary(int cacheMegabytes, int poolSize, StoreFactory factory) {
    Path dir;
    try {
      dir = Files.createTempDirectory("graph-audit-memory");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    ChangeLog log = openLog(dir, new ChangeLog.Options(ChangeLog.Options.DURABLE.segmentBytes(), false));
    Database database = Database.open("jdbc:h2:mem:graph-audit-" + dir.getFileName() + ";CACHE_SIZE="
        + cacheMegabytes * 1024, poolSize);
    return new Opened(database, log, factory.create(database, log), () -> Directories.deleteTree(dir));
  }

  private static ChangeLog openLog(Path dataDir, ChangeLog.Options options) {
    try {
      return ChangeLog.open(dataDir.resolve(LOG_DIR), options);
    } catch (LogDamagedException e) {
      throw new StoreDamagedException(dataDir, "its change log is damaged: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the change log in " + dataDir, e);
    }
  }

  private static Opened openIndex(Path dataDir, String url, int poolSize, StoreFactory factory, ChangeLog log,
      boolean crashed, AutoCloseable lock) {
    Database database;
    try {
      database = Database.open(url, poolSize);
    } catch (RuntimeException e) {
      if (!isDamage(e)) {
        throw e;
      }
      return rebuild(dataDir, url, poolSize, factory, log, lock, "it cannot be opened (" + firstLine(e) + ")");
    }
    AuditEventStore store = factory.create(database, log);
    long held = store.heldLsn();
    if (held > log.lastLsn()) {
      store.close();
      database.close();
      throw new StoreDamagedException(dataDir, "its index holds changes up to " + held + " but its change log ends at "
          + log.lastLsn() + ": acknowledged writes are missing from the log", null);
    }
    long started = System.nanoTime();
    long replayed;
    try {
      replayed = catchUp(store, log, held);
    } catch (LogDamagedException e) {
      store.close();
      database.close();
      throw new StoreDamagedException(dataDir, "its change log is damaged: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (!isDamage(e)) {
        throw e;
      }
      store.close();
      database.close();
      return rebuild(dataDir, url, poolSize, factory, log, lock, "replaying the log into it failed: " + firstLine(e));
    }
    if (replayed > 0) {
      LOGGER.info("replayed {} changes of the log that the index did not hold in {} ms", replayed,
          (System.nanoTime() - started) / 1_000_000);
    }
    if (crashed) {
      String problem;
      try {
        problem = IndexCheck.problem(database, store, log, held);
      } catch (Exception e) {
        problem = firstLine(e);
      }
      LOGGER.info("the store was not closed cleanly; checked its index in {} ms: {}", (System.nanoTime() - started)
          / 1_000_000, problem == null ? "whole" : problem);
      if (problem != null) {
        store.close();
        database.close();
        return rebuild(dataDir, url, poolSize, factory, log, lock, problem);
      }
    }
    return new Opened(database, log, store, lock);
  }

  /** Applies the log's records after {@code held} to the index, in transactions of a few thousand; how many. */
  static long catchUp(AuditEventStore store, ChangeLog log, long held) {
    List<LogRecord> pending = new ArrayList<>(REPLAY_BATCH);
    long[] count = {0};
    try {
      log.replay(held, records -> {
        pending.addAll(records);
        if (pending.size() >= REPLAY_BATCH) {
          store.replay(List.copyOf(pending), pending.get(pending.size() - 1).lsn());
          count[0] += pending.size();
          pending.clear();
        }
      });
    } catch (LogDamagedException e) {
      throw e;
    } catch (Exception e) {
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
    if (!pending.isEmpty()) {
      store.replay(List.copyOf(pending), pending.get(pending.size() - 1).lsn());
      count[0] += pending.size();
    }
    return count[0];
  }

  /** Sets the index aside and builds a new one from the whole log. */
  private static Opened rebuild(Path dataDir, String url, int poolSize, StoreFactory factory, ChangeLog log,
      AutoCloseable lock, String why) {
    Path file = dataDir.resolve(INDEX + ".mv.db");
    Path aside = dataDir.resolve(INDEX + ".damaged-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + ".mv.db");
    try {
      if (Files.exists(file)) {
        Files.move(file, aside);
      }
      Files.deleteIfExists(dataDir.resolve(INDEX + ".trace.db"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the damaged index aside", e);
    }
    LOGGER.warn("the index of the store in {} is damaged ({}); it is kept as {} and rebuilt from the change log",
        dataDir, why, aside.getFileName());
    long started = System.nanoTime();
    Database database = Database.open(url, poolSize);
    AuditEventStore store = factory.create(database, log);
    long replayed = catchUp(store, log, 0);
    LOGGER.info("rebuilt the index from {} changes of the log in {} s", replayed, (System.nanoTime() - started) / 1e9);
    return new Opened(database, log, store, lock);
  }

  /** What {@link #recover} did. */
  public record Recovery(long events, long skippedLogBytes, Path keptLog, Path keptIndex) {
  }

  /**
   * Rebuilds the store in {@code dataDir} from its change log: a log that no longer opens is first copied
   * without its damaged bytes (the damaged one kept aside), then the index is set aside and built anew.
   */
  public static Recovery recover(Path dataDir, int cacheMegabytes, StoreFactory factory) {
    if (!Files.isDirectory(dataDir.resolve(LOG_DIR))) {
      throw new IllegalStateException("there is no store in " + dataDir + " (no " + LOG_DIR + "/)");
    }
    try (DirectoryLock lock = DirectoryLock.take(dataDir)) {
      String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
      Path keptLog = null;
      long skipped = 0;
      try {
        ChangeLog.open(dataDir.resolve(LOG_DIR), ChangeLog.Options.DURABLE).close();
      } catch (LogDamagedException e) {
        Path salvaged = dataDir.resolve(LOG_DIR + ".salvaged");
        Directories.deleteTree(salvaged);
        skipped = ChangeLog.salvage(dataDir.resolve(LOG_DIR), salvaged);
        keptLog = dataDir.resolve(LOG_DIR + ".damaged-" + stamp);
        Files.move(dataDir.resolve(LOG_DIR), keptLog);
        Files.move(salvaged, dataDir.resolve(LOG_DIR));
      }
      Path index = dataDir.resolve(INDEX + ".mv.db");
      Path keptIndex = null;
      if (Files.exists(index)) {
        keptIndex = dataDir.resolve(INDEX + ".damaged-" + stamp + ".mv.db");
        Files.move(index, keptIndex);
      }
      ChangeLog log = openLog(dataDir, ChangeLog.Options.DURABLE);
      Database database = Database.open(indexUrl(dataDir, cacheMegabytes), 2);
      long events;
      try (AuditEventStore store = factory.create(database, log)) {
        catchUp(store, log, 0);
        events = store.totalEvents();
      } finally {
        database.close();
        log.close();
      }
      return new Recovery(events, skipped, keptLog, keptIndex);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("recovery failed in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  static boolean isDamage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && DAMAGE_CODES.contains(sql.getErrorCode())) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(Throwable e) {
    String text = String.valueOf(e.getMessage());
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
