package graphaudit.internal.store;

import graphaudit.StoreDamagedException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection pool, the schema (Flyway migrations) and the vendor's way of making committed
 * writes durable. Thread-safe; close it to release the pool and the H2 file.
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final boolean h2;
  /** H2 reached over the network (TCP/SSL server mode): its files are the server process's. */
  private final boolean remoteH2;
  private final SqlDialect dialect;
  /**
   * Compact while the file's chunks are less full than this, rewriting up to {@link #COMPACT_BYTES}
   * per call. Chosen from 2-minute soaks of random-id POSTs on compressed pages (issue 15):
   * 90 % (H2's default) held the file at 1.6-1.8 times its compacted size but cost 65 % of POSTs/s;
   * 50 % let it reach 2.9 times in 5 minutes; 65 % holds it near 2 times at half the POSTs/s of no
   * bound. {@code bench/soak.sh target/graph-audit.jar 300} measures it.
   */
  private static final int COMPACT_FILL_RATE = 65;
  private static final int COMPACT_BYTES = 4 << 20;

  /** Marks an embedded H2 file in use while open; null for other databases. */
  private final IntegrityCheck integrity;
  /** The page store of an embedded H2 file that is to be compacted as it goes; null otherwise. */
  private final MVStore pages;

  private Database(HikariDataSource dataSource, IntegrityCheck integrity) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.h2 = dataSource.getJdbcUrl().startsWith("jdbc:h2:");
    this.remoteH2 = dataSource.getJdbcUrl().matches("(?i)jdbc:h2:(tcp|ssl):.*");
    this.dialect = SqlDialect.of(dataSource.getJdbcUrl());
    this.integrity = integrity;
    this.pages = integrity == null || dataSource.getJdbcUrl().contains("AUTO_COMPACT_FILL_RATE=0") ? null
        : pageStore(dataSource);
  }

  /** The MVStore behind an embedded H2 pool (H2's own classes: compaction has no SQL command). */
  private static MVStore pageStore(HikariDataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
          ? local.getDatabase().getStore().getMvStore() : null;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach H2's page store", e);
    }
  }

  /**
   * Rewrites some of the live pages of the emptiest chunks of an embedded H2 file, so that their
   * chunks can be freed: the compaction H2's background writer did, which {@code WRITE_DELAY=0} turns
   * off. Without it a file under POSTs grew 4.5 times faster (README, Durability). Called by the
   * writer between two batches, so no write transaction is open meanwhile; the rewritten pages are
   * stored with the next commit.
   */
  void compactSome() {
    if (pages != null) {
      pages.compact(COMPACT_FILL_RATE, COMPACT_BYTES);
    }
  }

  /**
   * Opens the pool on {@code jdbcUrl} and migrates the schema to the latest version. An embedded H2
   * file that was not closed cleanly is checked first; one that is damaged is refused with a
   * {@link StoreDamagedException}.
   */
  public static Database open(String jdbcUrl, int poolSize) {
    Path file = embeddedFile(jdbcUrl);
    IntegrityCheck integrity = file == null ? null : new IntegrityCheck(file.toAbsolutePath().getParent());
    Path mvFile = file == null ? null : Path.of(file + ".mv.db");
    if (integrity != null && integrity.leftOpen() && Files.isRegularFile(mvFile)) {
      NewestChunk.restore(mvFile); // H2's own open may miss the newest commits after a crash
    }
    // the check's connection stays open until the pool has its own, so H2 opens the file once
    try (Connection check = integrity == null ? null : DriverManager.getConnection(jdbcUrl)) {
      if (integrity != null) {
        integrity.onOpen(check);
      }
      return new Database(pool(jdbcUrl, poolSize), integrity);
    } catch (SQLException | RuntimeException e) {
      if (integrity != null && !(e instanceof StoreDamagedException) && IntegrityCheck.isDamage(e)) {
        throw new StoreDamagedException(file.toAbsolutePath().getParent(), IntegrityCheck.firstLine(e.getMessage()), e);
      }
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
  }

  private static HikariDataSource pool(String jdbcUrl, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize)); // the rest open on demand: start-up stays short
    config.setPoolName("graph-audit");
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      if (InMemorySchema.isInMemory(jdbcUrl)) {
        InMemorySchema.create(dataSource);
      } else if (!SchemaVersion.isCurrent(dataSource)) {
        SchemaVersion.flyway(dataSource, SqlDialect.of(jdbcUrl)).migrate();
      }
      return dataSource;
    } catch (SQLException e) {
      dataSource.close();
      throw new IllegalStateException("cannot create the schema: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** The database file an embedded H2 URL names ({@code jdbc:h2:file:PATH;…}), else null. */
  private static Path embeddedFile(String jdbcUrl) {
    String prefix = "jdbc:h2:file:";
    if (!jdbcUrl.startsWith(prefix)) {
      return null;
    }
    int end = jdbcUrl.indexOf(';');
    return Path.of(jdbcUrl.substring(prefix.length(), end < 0 ? jdbcUrl.length() : end));
  }

  /**
   * The H2 file URL for a data directory: MVStore file {@code DIR/graph-audit.mv.db}, with
   * <ul>
   *   <li>a page cache of {@code cacheMegabytes}: H2's 16 MB default makes every random index insert
   *       read pages back from the file once the data outgrows it;</li>
   *   <li>no retention of superseded chunks: H2's default 45 s retention kept every chunk written
   *       since (20,000 POSTs grew the file to 630 MB instead of 50 MB). The retention guards against
   *       a disk reordering writes across a power loss; a crash of this process, what the service
   *       guarantees, leaves the OS cache coherent.</li>
   *   <li>no background writer ({@code WRITE_DELAY=0}): H2 stores its pages only in the thread that
   *       writes (the {@link WriteQueue}'s writer, the only one). A store that ran on another thread
   *       (H2's background writer and its serializer) while a write transaction was open could,
   *       after a kill, leave that
   *       transaction half applied in the file: an index entry without its row, the file unopenable
   *       ("Row not found in primary index"). Reproduced with H2 alone, with and without
   *       {@code RETENTION_TIME=0} (README, Durability). H2 then stores each commit in the
   *       committing thread, so an acknowledged write is in the file when it is answered.</li>
   *   <li>compressed pages (LZF): every commit rewrites the randomly placed index pages it touched,
   *       and compaction must move live pages to free their chunks; compressed, both are ~2.3 times
   *       smaller, and {@code compact}'s file is compressed too. Uncompressed, no compaction budget
   *       kept a file under POSTs within 3 times its compacted size (issue 15: 5.5-6.5 times).</li>
   * </ul>
   */
  public static String h2FileUrl(Path dataDir, int cacheMegabytes) {
    return h2FileUrl(dataDir) + ";CACHE_SIZE=" + cacheMegabytes * 1024 + ";COMPRESS=TRUE";
  }

  /** {@link #h2FileUrl(Path, int)} with H2's own cache size: for reading a store outside the service. */
  public static String h2FileUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("graph-audit") + ";DB_CLOSE_ON_EXIT=FALSE"
        + ";RETENTION_TIME=0;WRITE_DELAY=0";
  }

  /**
   * {@link #h2FileUrl} for a bulk load that ends with {@link #closeCompacted()}: without H2's background
   * compaction, which re-reads and rewrites chunks the load is still superseding (~12 % of a load), and
   * without compressing pages the closing compaction rewrites compressed anyway.
   */
  public static String h2BulkLoadUrl(Path dataDir, int cacheMegabytes) {
    return h2FileUrl(dataDir) + ";CACHE_SIZE=" + cacheMegabytes * 1024 + ";AUTO_COMPACT_FILL_RATE=0";
  }

  /**
   * {@link #h2FileUrl} for an import that ends with {@link #closeCompacted()}: compacted as it goes like
   * the service's file, but with uncompressed pages. Compressed pages are split at 64 KB (H2's choice,
   * for the compression ratio), and each commit of randomly placed ids rewrites and compresses one for
   * every index entry it adds: a JFR profile of an import put a quarter of the writer in LZF and most
   * of the rest in serialising pages. Uncompressed pages are split at 4 KB. A million imported events
   * took 557 s instead of 705 s, for a file that peaks at 11.8 GB instead of about 4.4 GB during the
   * load ({@code bench/transfer.sh}; README, Import). The closing compaction writes compressed pages, as
   * the service's file has.
   */
  public static String h2ImportUrl(Path dataDir, int cacheMegabytes) {
    return h2FileUrl(dataDir) + ";CACHE_SIZE=" + cacheMegabytes * 1024;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /** A pooled connection for the hot read path, where Jdbi's per-statement set-up showed (~10 %). */
  Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  public SqlDialect dialect() {
    return dialect;
  }

  /**
   * A named random secret kept in the database (created on first use), so everything signed with it
   * stays valid across restarts and across instances sharing the database.
   */
  public byte[] secret(String name) {
    Optional<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT val FROM service_setting WHERE name = :n")
        .bind("n", name).mapTo(String.class).findOne());
    if (stored.isPresent()) {
      return Base64.getDecoder().decode(stored.get());
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    jdbi.useHandle(h -> {
      // only if absent: another instance on the database may have created it meanwhile (theirs wins)
      h.createUpdate("INSERT INTO service_setting (name, val) SELECT :n, :v WHERE NOT EXISTS "
          + "(SELECT 1 FROM service_setting WHERE name = :n)")
          .bind("n", name).bind("v", Base64.getEncoder().encodeToString(secret)).execute();
      makeDurable(h); // what it signs must stay valid after a crash
    });
    return secret(name);
  }

  /**
   * Makes every transaction committed on {@code handle} so far survive a crash of this process. An
   * embedded H2 file stores each commit as it happens ({@code WRITE_DELAY=0}) and PostgreSQL commits
   * are durable; an H2 server stores its commits later, so CHECKPOINT writes them to its file now.
   */
  void makeDurable(Handle handle) {
    if (remoteH2) {
      handle.execute("CHECKPOINT");
    }
  }

  /** {@link #makeDurable} on a connection of its own. */
  void checkpoint() {
    if (remoteH2) {
      jdbi.useHandle(this::makeDurable);
    }
  }

  /**
   * The directory of an embedded H2 file database, whose free space the service watches; null when
   * the files are not this process's (PostgreSQL, an H2 server) or there are none (in-memory H2).
   */
  Path fileDirectory() {
    return integrity == null ? null : integrity.dataDir();
  }


  /**
   * The database's size on disk in bytes: the embedded H2 file, or PostgreSQL's own figure for the
   * database; -1 for an H2 server or in-memory database, whose files are not this process's to see.
   */
  public long sizeBytes() {
    if (dialect == SqlDialect.POSTGRESQL) {
      return jdbi.withHandle(h -> h.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one());
    }
    Path file = integrity == null ? null : embeddedFile(dataSource.getJdbcUrl());
    if (file == null) {
      return -1;
    }
    try {
      return Files.size(Path.of(file + ".mv.db"));
    } catch (IOException e) {
      return -1;
    }
  }

  /** An H2 server stores commits only at its next store: each group commit ends with a {@link #checkpoint()}. */
  boolean checkpointsEachCommit() {
    return remoteH2;
  }

  /** Refreshes the planner's statistics (H2 ANALYZE, PostgreSQL ANALYZE) after a bulk load. */
  public void analyze() {
    jdbi.useHandle(h -> h.execute("ANALYZE"));
  }

  @Override
  public void close() {
    shutdown("SHUTDOWN");
  }

  /**
   * Closes the database and rewrites the H2 file without the superseded pages a bulk load leaves
   * behind (100,000 generated events: ~1 GB before, ~0.15 GB after). Slower than {@link #close()}.
   */
  public void closeCompacted() {
    shutdown("SHUTDOWN COMPACT");
  }

  private void shutdown(String command) {
    if (!h2) {
      dataSource.close();
      return;
    }
    // The pool closes first, while a connection of our own keeps the database open, and that one runs
    // the shutdown: a pooled connection shut down under the pool left H2's trace file in the data
    // directory at every stop ("Database is already closed") when the pool cleaned it up.
    try (Connection connection = DriverManager.getConnection(dataSource.getJdbcUrl())) {
      dataSource.close();
      try (Statement statement = connection.createStatement()) {
        statement.execute(command);
      }
    } catch (SQLException e) {
      dataSource.close(); // already closed: nothing left to write
    }
    if (integrity != null) {
      integrity.onClose();
    }
  }
}
