package graphaudit.internal.cli;

import graphaudit.GraphAuditConfig;
import graphaudit.internal.compose.Stores;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data}/{@code --db-url} of the commands that work on the store offline (import, export, compact). */
final class StoreOptions {

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the embedded H2 database (default ${DEFAULT-VALUE}).")
  Path data = new GraphAuditConfig().store().dataDir();

  @Option(names = "--db-url", paramLabel = "URL", description = "JDBC URL of the database instead of H2 under --data.")
  String dbUrl;

  /** Opens the store; a data directory in use by a running service is refused in one line. */
  Stores.Opened open() {
    return open(false);
  }

  /** {@link #open()} for a bulk load ({@link Stores#openForBulkLoad}). */
  Stores.Opened openForBulkLoad() {
    return open(true);
  }

  private Stores.Opened open(boolean bulk) {
    GraphAuditConfig.Store config = new GraphAuditConfig().store().dataDir(data);
    if (dbUrl != null) {
      config.jdbcUrl(dbUrl);
    }
    StartFailures failures = StartFailures.watching(data);
    try {
      return bulk ? Stores.openForBulkLoad(config) : Stores.open(config);
    } catch (UncheckedIOException e) {
      throw new CommandFailure("Cannot create " + data + ": " + e.getCause().getMessage(), e);
    } catch (RuntimeException e) {
      Exception explained = failures.explain(e);
      throw explained instanceof RuntimeException runtime ? runtime : e;
    }
  }

  boolean embedded() {
    return dbUrl == null;
  }
}
