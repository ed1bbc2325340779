package graphaudit.internal.compose;

import graphaudit.GraphAuditConfig;
import graphaudit.internal.odata.AuditEventJsonWriter;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.CommitObserver;
import graphaudit.internal.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;

/**
 * Opens the database and the event store a {@link GraphAuditConfig.Store} names: the one place they are
 * put together, for the service, {@code generate}, {@code recover} and the tests.
 */
public final class Stores {

  private Stores() {
  }

  /** A database with the store on it; closing closes both. */
  public record Opened(Database database, AuditEventStore store) implements AutoCloseable {
    @Override
    public void close() {
      try {
        store.close();
      } finally {
        database.close();
      }
    }
  }

  /** The store for serving, with a pool of {@code poolSize} connections, telling {@code commits} of each batch. */
  public static Opened open(GraphAuditConfig.Store config, int poolSize, CommitObserver commits) {
    Database database = Database.open(jdbcUrl(config, Workload.SERVICE), poolSize);
    return new Opened(database, new AuditEventStore(database, AuditEventJsonWriter::stored, commits));
  }

  /**
   * The store for one bulk load that ends with {@link Database#closeCompacted()} (an embedded file is
   * then not compacted as it goes).
   */
  public static Opened openForBulkLoad(GraphAuditConfig.Store config) {
    return on(Database.open(jdbcUrl(config, Workload.BULK_LOAD), 2));
  }

  /** The event store on an open database, rendering responses as both service roots answer them. */
  public static Opened on(Database database) {
    return new Opened(database, new AuditEventStore(database, AuditEventJsonWriter::stored, CommitObserver.NONE));
  }

  /**
   * PostgreSQL's driver and Flyway's PostgreSQL module are optional dependencies of the library (the
   * runnable jar has them): a PostgreSQL URL without them is refused naming what to add.
   */
  private static void requirePostgresqlSupport(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      return;
    }
    for (String[] needed : new String[][] {{"org.postgresql.Driver", "org.postgresql:postgresql"},
        {"org.flywaydb.database.postgresql.PostgreSQLDatabaseType", "org.flywaydb:flyway-database-postgresql"}}) {
      try {
        Class.forName(needed[0], false, Stores.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("a PostgreSQL store needs " + needed[1]
            + " on the class path (the runnable jar has it): add it to the project's test dependencies");
      }
    }
  }

  /** What an embedded H2 file is opened for: each has its own file settings (see {@link Database}). */
  public enum Workload {
    /** Requests, and the offline commands that read or change a little ({@link Database#h2FileUrl(java.nio.file.Path, int)}). */
    SERVICE,
    /** {@code generate}'s load in id order, compacted once at the end ({@link Database#h2BulkLoadUrl}). */
    BULK_LOAD,
    /** An import of randomly placed ids, compacted as it goes and at the end ({@link Database#h2ImportUrl}). */
    IMPORT
  }

  /**
   * The JDBC URL of the configured store, with the file settings of {@code workload} when it is an
   * embedded H2 file; creates the data directory of an embedded file.
   */
  public static String jdbcUrl(GraphAuditConfig.Store config, Workload workload) {
    if (config.jdbcUrl() != null) {
      requirePostgresqlSupport(config.jdbcUrl());
      return config.jdbcUrl();
    }
    if (config.isInMemory()) {
      // a name of its own: two services in one JVM (parallel test classes) must not share a store
      return "jdbc:h2:mem:graph-audit-" + UUID.randomUUID() + ";CACHE_SIZE=" + config.cacheMegabytes() * 1024;
    }
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return switch (workload) {
      case SERVICE -> Database.h2FileUrl(config.dataDir(), config.cacheMegabytes());
      case BULK_LOAD -> Database.h2BulkLoadUrl(config.dataDir(), config.cacheMegabytes());
      case IMPORT -> Database.h2ImportUrl(config.dataDir(), config.cacheMegabytes());
    };
  }
}
