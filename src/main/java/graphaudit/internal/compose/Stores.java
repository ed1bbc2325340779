package graphaudit.internal.compose;

import graphaudit.GraphAuditConfig;
import graphaudit.internal.odata.AuditEventJsonWriter;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.write.CommitObserver;
import graphaudit.internal.store.Database;
import graphaudit.internal.store.h2.EmbeddedStore;
import graphaudit.internal.store.log.ChangeLog;

/**
 * Opens the store a {@link GraphAuditConfig.Store} names: the one place it is put together, for the
 * service, {@code generate}, {@code import}, {@code export}, {@code recover} and the tests. An embedded
 * store (a data directory, or memory) keeps its change log beside an H2 index; a database server
 * ({@code --db-url}) keeps the events in its tables.
 */
public final class Stores {

  private Stores() {
  }

  /** An open store; closing closes its database (and log, and frees its directory). */
  public static final class Opened implements AutoCloseable {

    private final Database database;
    private final AuditEventStore store;
    private final EmbeddedStore.Opened embedded;

    private Opened(Database database, AuditEventStore store, EmbeddedStore.Opened embedded) {
      this.database = database;
      this.store = store;
      this.embedded = embedded;
    }

    public Database database() {
      return database;
    }

    public AuditEventStore store() {
      return store;
    }

    @Override
    public void close() {
      if (embedded != null) {
        embedded.close();
      } else {
        try {
          store.close();
        } finally {
          database.close();
        }
      }
    }

    /** {@link #close()} after a bulk load: an embedded index is rewritten without the pages the load superseded. */
    public void closeCompacted() {
      if (embedded != null) {
        embedded.closeCompacted();
      } else {
        close();
      }
    }
  }

  /** The store for serving, with a pool of {@code poolSize} connections, telling {@code commits} of each batch. */
  public static Opened open(GraphAuditConfig.Store config, int poolSize, CommitObserver commits) {
    EmbeddedStore.StoreFactory factory = factory(commits);
    if (config.jdbcUrl() != null) {
      requirePostgresqlSupport(config.jdbcUrl());
      Database database = Database.open(config.jdbcUrl(), poolSize);
      return new Opened(database, factory.create(database, null), null);
    }
    EmbeddedStore.Opened embedded = config.isInMemory()
        ? EmbeddedStore.temporary(config.cacheMegabytes(), poolSize, factory)
        : EmbeddedStore.open(config.dataDir(), config.cacheMegabytes(), poolSize, factory);
    return new Opened(embedded.database(), embedded.store(), embedded);
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

  /** The store for a command that reads or changes it offline (export, compact). */
  public static Opened open(GraphAuditConfig.Store config) {
    return open(config, 2, CommitObserver.NONE);
  }

  /**
   * The store for one bulk load ({@code generate}, {@code import}) that ends with
   * {@link Opened#closeCompacted()}: an embedded index is compacted once at the end rather than as it goes,
   * with a page cache of a quarter of the heap (up to 1 GB) where that is more than configured.
   */
  public static Opened openForBulkLoad(GraphAuditConfig.Store config) {
    if (config.jdbcUrl() != null || config.isInMemory()) {
      return open(config);
    }
    int cache = (int) Math.max(config.cacheMegabytes(), Math.min(1024, Runtime.getRuntime().maxMemory() / 4 >> 20));
    EmbeddedStore.Opened embedded = EmbeddedStore.openForBulkLoad(config.dataDir(), cache, factory(CommitObserver.NONE));
    return new Opened(embedded.database(), embedded.store(), embedded);
  }

  private static EmbeddedStore.StoreFactory factory(CommitObserver commits) {
    return (database, log) -> new AuditEventStore(database, log, AuditEventJsonWriter::stored, commits);
  }

  /** The change log an open embedded store keeps, or null. */
  public static ChangeLog log(Opened opened) {
    return opened.embedded == null ? null : opened.embedded.log();
  }
}
