package graphaudit.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import graphaudit.internal.store.sql.SqlDialect;
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
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection pool and the schema (Flyway migrations) of the store's tables, on an H2 file, in memory
 * or on a database server. Thread-safe; close it to release the pool (and the H2 file).
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final boolean h2;
  /** H2 reached over the network (TCP/SSL server mode): its files are the server process's. */
  private final boolean remoteH2;
  private final SqlDialect dialect;
  /** The directory of an embedded H2 file, whose free space the store watches; null otherwise. */
  private final Path fileDirectory;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.h2 = dataSource.getJdbcUrl().startsWith("jdbc:h2:");
    this.remoteH2 = dataSource.getJdbcUrl().matches("(?i)jdbc:h2:(tcp|ssl):.*");
    this.dialect = SqlDialect.of(dataSource.getJdbcUrl());
    Path file = embeddedFile(dataSource.getJdbcUrl());
    this.fileDirectory = file == null ? null : file.toAbsolutePath().getParent();
  }

  /** Opens the pool on {@code jdbcUrl} and migrates the schema to the latest version. */
  public static Database open(String jdbcUrl, int poolSize) {
    return new Database(pool(jdbcUrl, poolSize));
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

  Jdbi jdbi() {
    return jdbi;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** A pooled connection for the hot read path, where Jdbi's per-statement set-up showed (~10 %). */
  public Connection connection() throws SQLException {
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
      if (h2) {
        h.execute("CHECKPOINT"); // in the file now (no change log holds it): what it signs must outlive a crash
      }
    });
    return secret(name);
  }

  /**
   * What makes a committed group commit durable beyond the commit itself: an H2 server stores its
   * commits later, so CHECKPOINT writes them to its file now; null where the commit (PostgreSQL) or the
   * change log (an embedded store) already is.
   */
  Runnable afterCommit() {
    return remoteH2 ? () -> jdbi.useHandle(h -> h.execute("CHECKPOINT")) : null;
  }

  /** The directory of an embedded H2 file database; null for a server or an in-memory database. */
  public Path fileDirectory() {
    return fileDirectory;
  }

  /**
   * The database's size on disk in bytes: the embedded H2 file, or PostgreSQL's own figure for the
   * database; -1 for an H2 server or in-memory database, whose files are not this process's to see.
   */
  public long sizeBytes() {
    if (dialect == SqlDialect.POSTGRESQL) {
      return jdbi.withHandle(h -> h.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one());
    }
    Path file = embeddedFile(dataSource.getJdbcUrl());
    if (file == null) {
      return -1;
    }
    try {
      return Files.size(Path.of(file + ".mv.db"));
    } catch (IOException e) {
      return -1;
    }
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
   * Closes the database and rewrites an H2 file without the superseded pages a bulk load leaves
   * behind. Slower than {@link #close()}.
   */
  public void closeCompacted() {
    shutdown("SHUTDOWN COMPACT");
  }

  private void shutdown(String command) {
    if (!h2 || remoteH2) {
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
  }
}
